import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { CORRELATION_HEADER, startHttpService, type Config, type Logger, type RunningService } from '@sportskk/service';
import type { Registry } from 'prom-client';
import type { SubgraphSource } from './compose.ts';
import { subgraphSources } from './subgraphs.ts';
import { supergraphFromSdlFiles } from './supergraph-source.ts';

export interface GatewayContext {
  readonly correlationId: string;
  readonly actor: string | undefined;
}

export interface GatewayServiceOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly port: number;
  readonly host: string;
  /** Recompose when an SDL file changes (development). */
  readonly watchSchemas?: boolean;
  /** Default: the repository's three subgraphs at the configured URLs. */
  readonly subgraphs?: readonly SubgraphSource[];
}

/** Passes the request's correlation id (and actor) on to every subgraph fetch; global fetch keeps connections alive. */
class CorrelatedDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!('correlationId' in context)) return; // the gateway's own health checks carry no request context
    request.http?.headers.set(CORRELATION_HEADER, context.correlationId);
    if (context.actor) request.http?.headers.set('x-actor', context.actor);
  }
}

export async function startGatewayService(options: GatewayServiceOptions): Promise<RunningService> {
  const { config, logger } = options;
  // @apollo/gateway otherwise reports to Apollo over the internet and probes cloud metadata endpoints at start.
  // Opt in with APOLLO_TELEMETRY_DISABLED=false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromSdlFiles(options.subgraphs ?? subgraphSources(config.subgraphUrls), logger, { watch: options.watchSchemas ?? false }),
    buildService: ({ url }) => new CorrelatedDataSource({ url, fetcher: fetch }),
    logger: { debug: () => undefined, info: (m: unknown) => logger.info(String(m)), warn: (m: unknown) => logger.warn(String(m)), error: (m: unknown) => logger.error(String(m)) },
  });
  return startHttpService<GatewayContext>({
    name: 'gateway',
    host: options.host,
    port: options.port,
    logger,
    metrics: options.metrics,
    graphql: {
      gateway,
      context: async (request, correlationId) => ({ correlationId, actor: typeof request.headers['x-actor'] === 'string' ? request.headers['x-actor'] : undefined }),
      introspection: config.introspection,
      sandbox: config.environment === 'development',
    },
  });
}
