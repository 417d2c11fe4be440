import { ApolloGateway, type ServiceMap } from '@apollo/gateway';
import { createServiceTokens } from '@sportskk/identity';
import { readGauge, startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import type { GraphQLFormattedError } from 'graphql';
import type { Registry } from 'prom-client';
import type { AccessPolicy } from '@sportskk/identity';
import { adminPageRoutes } from './admin-page.ts';
import { guardPlugin } from './authorization/guard-plugin.ts';
import { callerIdentity } from './caller.ts';
import type { GatewayConfig } from './config.ts';
import { withTokenLimitCode } from './limits/operation-limits.ts';
import { SubgraphDataSource, type GatewayContext } from './subgraph-data-source.ts';
import { supergraphFromFile } from './supergraph-file.ts';
import { subscriptionPlanning, type SubscriptionPlanning } from './subscriptions/planning.ts';
import { createUpstreams } from './subscriptions/upstreams.ts';
import { gatewaySubscriptions } from './subscriptions/websocket-endpoint.ts';

export interface GatewayOptions {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/**
 * The federated gateway over the supergraph file: identity, authorization and limits first, then the query plan;
 * subscriptions over graphql-ws on the same /graphql, planned by the same planner and run per event.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningService> {
  const { config, logger } = options;
  // @apollo/gateway otherwise reports to Apollo over the internet and probes cloud metadata endpoints at start.
  // Opt in with APOLLO_TELEMETRY_DISABLED=false.
  process.env.APOLLO_TELEMETRY_DISABLED ??= 'true';
  const urls: ReadonlyMap<string, string> = new Map(Object.entries(config.subgraphUrls));
  const tokens = createServiceTokens({ keys: config.serviceKeys, self: 'gateway' });
  let policy: AccessPolicy = { fields: new Map(), types: new Map() };
  const dataSource = (name: string, url: string | undefined) =>
    new SubgraphDataSource({
      name,
      url: urls.get(name) ?? url!,
      tokens,
      timeoutMs: config.limits.subgraphTimeoutMs,
      logger,
    });
  let planning: SubscriptionPlanning | undefined;
  let services: ServiceMap = {};
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFromFile(config.supergraphPath, logger, {
      watch: config.watchSupergraph,
      onPolicy: (next) => void (policy = next),
      onSupergraph(executable) {
        planning = subscriptionPlanning(executable);
        subscriptions.revalidate(planning);
        services = Object.fromEntries(
          [...planning.subgraphUrls].map(([name, url]) => [name, dataSource(name, url)]),
        );
      },
    }),
    buildService: ({ name, url }) => dataSource(name, url),
    logger: {
      debug: () => undefined,
      info: (message: unknown) => logger.info(String(message)),
      warn: (message: unknown) => logger.warn(String(message)),
      error: (message: unknown) => logger.error(String(message)),
    },
  });
  const identify = callerIdentity(config.auth, logger);
  const production = config.service.environment === 'production';
  const upstreams = createUpstreams();
  readGauge(
    options.metrics,
    'gateway_upstream_subscriptions',
    'Subscriptions the gateway holds open on subgraphs',
    () => upstreams.open(),
  );
  const subscriptions = gatewaySubscriptions({
    planning: () => planning!,
    services: () => services,
    urlOf: (name) => urls.get(name) ?? planning!.subgraphUrls.get(name)!,
    policy: () => policy,
    identify,
    tokens,
    upstreams,
    limits: config.limits,
    production,
    logger,
  });
  return startHttpService<GatewayContext>({
    name: 'gateway',
    settings: config.service,
    logger,
    metrics: options.metrics,
    websocket: subscriptions.options,
    ...(config.adminDir === undefined ? {} : { routes: adminPageRoutes(config.adminDir) }),
    alongside: [{ stop: () => upstreams.close() }],
    graphql: {
      gateway,
      context: async (request, correlationId) => ({
        correlationId,
        identity: await identify(request.headers.authorization),
        deadline: Date.now() + config.limits.requestTimeoutMs,
      }),
      plugins: [
        guardPlugin({
          limits: config.limits,
          policy: () => policy,
          // Anonymous callers explore the schema outside production only, whatever INTROSPECTION says.
          introspection: config.service.introspection && !production,
        }),
      ],
      bodyLimitBytes: config.limits.bodyLimitBytes,
      maxTokens: config.limits.maxTokens,
      formatError: production
        ? (formatted) => withoutSuggestions(withTokenLimitCode(formatted))
        : withTokenLimitCode,
    },
  });
}

/** Without introspection, "Did you mean …" would still spell out the schema. */
function withoutSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  return { ...formatted, message: formatted.message.replace(/ ?Did you mean .+\?/g, '') };
}
