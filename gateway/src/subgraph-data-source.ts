import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Identity, ServiceTokens } from '@sportskk/identity';
import { CORRELATION_HEADER } from '@sportskk/platform';
import { GraphQLError } from 'graphql';

/** What the gateway knows of a request when it calls a subgraph. */
export interface GatewayContext {
  readonly correlationId: string;
  readonly identity: Identity | undefined;
}

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string;
  readonly tokens: ServiceTokens;
  readonly timeoutMs: number;
}

/**
 * One subgraph: each fetch carries the correlation id and a token the gateway signs for that subgraph with the
 * verified caller; it is given up after the timeout. A subgraph that cannot be reached, answers 5xx or times out
 * gives the client SUBGRAPH_UNAVAILABLE, marked retryable.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly tokens: ServiceTokens;

  constructor(options: SubgraphDataSourceOptions) {
    super({
      url: options.url,
      fetcher: (input, init) =>
        fetch(input, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }),
    });
    this.subgraph = options.name;
    this.tokens = options.tokens;
  }

  override async willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const identity = 'identity' in context ? context.identity : undefined;
    if ('correlationId' in context)
      request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
    request.http?.headers.set(
      'authorization',
      `Bearer ${await this.tokens.sign(this.subgraph, identity)}`,
    );
  }

  override didEncounterError(error: Error, _request: unknown, response?: { status: number }): void {
    if (response && response.status < 500) throw error;
    throw new GraphQLError(`The ${this.subgraph} service is unavailable; the call may be retried`, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', retryable: true, serviceName: this.subgraph },
      originalError: error,
    });
  }
}
