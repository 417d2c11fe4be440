import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { operationDigest, type Identity, type ServiceTokens } from '@sportskk/identity';
import { CORRELATION_HEADER, injectTraceContext, type Logger } from '@sportskk/platform';
import { GraphQLError } from 'graphql';
import { keepAliveFetch } from './keep-alive-fetch.ts';

/** What the gateway knows of a request when it calls a subgraph. */
export interface GatewayContext {
  readonly correlationId: string;
  readonly identity: Identity | undefined;
  /** When the whole request must be answered (ms since the epoch): no subgraph call runs past it. */
  readonly deadline: number;
}

export interface SubgraphDataSourceOptions {
  readonly name: string;
  readonly url: string;
  readonly tokens: ServiceTokens;
  /** The longest one subgraph call may take. */
  readonly timeoutMs: number;
  readonly logger: Logger;
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/**
 * When each caller's last mutation fetch answered, through any subgraph: a write through ticketing also changes
 * what totalling answers (the sync count), so no subgraph's shared fetch may predate it.
 */
const lastWrite = new Map<string, number>();

/** Each request's client operation type, by its context (the same object for every fetch of the request). */
const clientOperations = new WeakMap<object, string>();

/** The request's deadline, passed on to the subgraph too (ms since the epoch). */
const DEADLINE_HEADER = 'x-request-deadline';

/**
 * One subgraph: each fetch carries the correlation id, the request's deadline and a token the gateway signs for
 * that subgraph with the verified caller; it is given up after its timeout or at the deadline, whichever comes
 * first. A subgraph that cannot be reached, answers 5xx or times out gives the client SUBGRAPH_UNAVAILABLE
 * (`retryable` for a query; a mutation's outcome is unknown). A subgraph refusing the gateway's own credentials is
 * the operator's problem, not the client's: logged, and answered as an internal error.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly subgraph: string;
  private readonly tokens: ServiceTokens;
  private readonly logger: Logger;
  /** The subgraph URL's path and query, as the subgraph sees it. */
  private readonly path: string;
  /** Fetches in flight for a client's query, by caller, query and variables, with when each started. */
  private readonly inFlight = new Map<
    string,
    { startedAt: number; response: Promise<GatewayGraphQLResponse> }
  >();

  constructor(options: SubgraphDataSourceOptions) {
    super({
      url: options.url,
      fetcher: (input, init) => {
        const headers = (init?.headers ?? {}) as Record<string, string>;
        injectTraceContext(headers); // the active span: @apollo/gateway's fetch span for this subgraph
        const untilDeadline = Number(headers[DEADLINE_HEADER]) - Date.now();
        const timeoutMs = Number.isFinite(untilDeadline)
          ? Math.max(1, Math.min(options.timeoutMs, untilDeadline))
          : options.timeoutMs;
        return keepAliveFetch(
          String(input),
          { ...init, headers } as Parameters<typeof keepAliveFetch>[1],
          timeoutMs,
        );
      },
    });
    this.subgraph = options.name;
    this.tokens = options.tokens;
    this.logger = options.logger;
    const url = new URL(options.url);
    this.path = url.pathname + url.search;
  }

  /**
   * A fetch for a client's query joins an identical one already in flight for the same caller (same query and
   * variables), unless that one started before the caller's last mutation (through any subgraph) answered: a caller never gets a state
   * older than its own write. Mutations, and a mutation's own follow-up fetches, always go out themselves.
   */
  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    if (!('incomingRequestContext' in options) || !('correlationId' in options.context))
      return super.process(options);
    const caller = options.context.identity;
    const who = caller ? `${caller.subject}\n${caller.roles.join(' ')}` : '';
    if (options.incomingRequestContext.operation?.operation !== 'query') {
      const response = await super.process(options);
      lastWrite.delete(who); // most recent last
      lastWrite.set(who, Date.now());
      if (lastWrite.size > 10_000) lastWrite.delete(lastWrite.keys().next().value!);
      return response;
    }
    const key = `${who}\n${options.request.query}\n${JSON.stringify(options.request.variables ?? {})}`;
    const joined = this.inFlight.get(key);
    if (joined && joined.startedAt > (lastWrite.get(who) ?? 0)) {
      // Each request merges into its own copy of the data; the HTTP response object is shared as it is.
      const { http, ...body } = await joined.response;
      return { ...structuredClone(body), ...(http ? { http } : {}) };
    }
    const fetch = { startedAt: Date.now(), response: super.process(options) };
    this.inFlight.set(key, fetch);
    try {
      return await fetch.response;
    } finally {
      if (this.inFlight.get(key) === fetch) this.inFlight.delete(key);
    }
  }

  override async willSendRequest(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<void> {
    const { request, context } = options;
    const headers = request.http?.headers;
    if (!headers || !('correlationId' in context)) return;
    // The client's operation, not this fetch's: a mutation's entity fetches are queries, its outcome is not known.
    if ('incomingRequestContext' in options)
      clientOperations.set(context, options.incomingRequestContext.operation?.operation ?? 'query');
    headers.set(CORRELATION_HEADER, context.correlationId);
    headers.set(DEADLINE_HEADER, String(context.deadline));
    const identity = context.identity;
    // Good for this operation with these variables only: taken from the wire, it asks for nothing else.
    const binding = {
      method: 'POST',
      path: this.path,
      digest: operationDigest(request.query, request.variables),
    };
    const token = await this.tokens.sign(this.subgraph, {
      binding,
      ...(identity ? { identity } : {}),
    });
    headers.set('authorization', `Bearer ${token}`);
  }

  override didEncounterError(
    error: Error,
    _fetchRequest: unknown,
    response?: { status: number },
    context?: GatewayContext,
  ): void {
    if (response?.status === 401 || response?.status === 403) {
      this.logger.error(
        { subgraph: this.subgraph, status: response.status, err: error },
        "a subgraph refused the gateway: check SERVICE_PUBLIC_KEYS, GATEWAY_SIGNING_KEY and the clocks (401), or that the supergraph matches the subgraphs' directives (403)",
      );
      throw new GraphQLError(`The ${this.subgraph} service refused the gateway's credentials`, {
        extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: this.subgraph },
      });
    }
    if (response && response.status < 500) throw error;
    const query = (context && clientOperations.get(context)) === 'query';
    const message = query
      ? `The ${this.subgraph} service is unavailable; the query may be retried`
      : `The ${this.subgraph} service is unavailable; the mutation may or may not have been done: check before retrying (a purchase is safe to retry with the same idempotencyKey)`;
    throw new GraphQLError(message, {
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', retryable: query, serviceName: this.subgraph },
      originalError: error,
    });
  }
}
