import {
  ApolloGateway,
  RemoteGraphQLDataSource,
  type GraphQLDataSourceProcessOptions,
} from '@apollo/gateway';
import {
  CORRELATION_HEADER,
  startHttpService,
  type Logger,
  type RunningService,
} from '@sportskk/platform';
import type { Registry } from 'prom-client';
import type { GatewayConfig } from './config.ts';
import { supergraphFromFile } from './supergraph-file.ts';

interface GatewayContext {
  readonly correlationId: string;
  readonly actor: string | undefined;
}

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/** Passes the request's correlation id (and actor) on to every subgraph fetch; global fetch keeps connections alive. */
class CorrelatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('correlationId' in context)) return; // the gateway's own health checks carry no request context
    request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
    if (context.actor) request.http?.headers.set('x-actor', context.actor);
  }
}

/** The federated gateway over the supergraph file, each subgraph at its configured URL. */
export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  const { config, logger } = options;
  // @apollo/gateway otherwise reports to Apollo over the internet and probes cloud metadata endpoints at start.
  // Opt in with APOLLO_TELEMETRY_DISABLED=false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const urls: ReadonlyMap<string, string> = new Map(Object.entries(config.subgraphUrls));
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.supergraphPath, logger, {
      watch: config.watchSupergraph,
    }),
    buildService: ({ name, url }) =>
      new CorrelatedDataSource({ url: urls.get(name) ?? url, fetcher: fetch }),
    logger: {
      debug: () => undefined,
      info: (message: unknown) => logger.info(String(message)),
      warn: (message: unknown) => logger.warn(String(message)),
      error: (message: unknown) => logger.error(String(message)),
    },
  });
  return startHttpService<GatewayContext>({
    name: 'gateway',
    settings: config.service,
    logger,
    metrics: options.metrics,
    graphql: {
      gateway,
      context: async (request, correlationId) => {
        const actor = request.headers['x-actor'];
        return { correlationId, actor: typeof actor === 'string' ? actor : undefined };
      },
    },
  });
}
