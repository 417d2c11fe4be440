import { fileURLToPath } from 'node:url';
import {
  readBearerTokenSettings,
  readServiceKeys,
  type BearerTokenSettings,
  type ServiceKeys,
} from '@sportskk/identity';
import { envReader, readServiceSettings, type ServiceSettings } from '@sportskk/platform';
import { readAdminDir } from './admin-page.ts';
import type { OperationLimits } from './limits/operation-limits.ts';

/** The subgraphs the supergraph names, each at the URL the gateway reaches it on. */
export interface SubgraphUrls {
  readonly ticketing: string;
  readonly totalling: string;
  readonly center: string;
}

export interface GatewayLimits extends OperationLimits {
  readonly bodyLimitBytes: number;
  readonly mutationsPerMinute: number;
  /** A subgraph call that takes longer is given up (the client gets SUBGRAPH_UNAVAILABLE). */
  readonly subgraphTimeoutMs: number;
  /** No subgraph call of a request runs past this much time after the request came in. */
  readonly requestTimeoutMs: number;
}

export interface GatewayConfig {
  readonly service: ServiceSettings;
  readonly subgraphUrls: SubgraphUrls;
  /** The composed supergraph (`npm run build` writes it). */
  readonly supergraphPath: string;
  /** Serve a new supergraph when the file changes: on in development (SUPERGRAPH_WATCH overrides). */
  readonly watchSupergraph: boolean;
  /** How clients' bearer tokens are checked. */
  readonly auth: BearerTokenSettings;
  /** Signs what the gateway tells subgraphs about the caller. */
  readonly serviceKeys: ServiceKeys;
  readonly limits: GatewayLimits;
  /** The built admin board to serve at /admin (ADMIN_DIR); none when unset. */
  readonly adminDir: string | undefined;
}

export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(
  new URL('../supergraph.graphql', import.meta.url),
);

/** The gateway's settings from the environment; throws a ConfigError naming every bad variable. */
export function loadGatewayConfig(environment: NodeJS.ProcessEnv): GatewayConfig {
  const env = envReader(environment);
  const service = readServiceSettings(env, 'GATEWAY_PORT', 4000);
  const production = service.environment === 'production';
  return env.done({
    service,
    subgraphUrls: {
      ticketing: env.url('TICKETING_URL', 'http://localhost:4001/graphql'),
      totalling: env.url('TOTALLING_URL', 'http://localhost:4002/graphql'),
      center: env.url('CENTER_URL', 'http://localhost:4003/graphql'),
    },
    supergraphPath: env.text('SUPERGRAPH_PATH', DEFAULT_SUPERGRAPH_PATH),
    watchSupergraph: env.boolean('SUPERGRAPH_WATCH', service.environment === 'development'),
    auth: readBearerTokenSettings(env, production),
    serviceKeys: readServiceKeys(env, production, 'gateway'),
    limits: {
      maxDepth: env.integer('GRAPHQL_MAX_DEPTH', 8, 1, 100),
      maxAliases: env.integer('GRAPHQL_MAX_ALIASES', 10, 0, 1000),
      maxRootFields: env.integer('GRAPHQL_MAX_ROOT_FIELDS', 10, 1, 1000),
      maxTokens: env.integer('GRAPHQL_MAX_TOKENS', 1500, 10, 1_000_000),
      maxCost: env.integer('GRAPHQL_MAX_COST', 20_000, 1, 10_000_000),
      maxDirectives: env.integer('GRAPHQL_MAX_DIRECTIVES', 20, 0, 1000),
      bodyLimitBytes: env.integer('BODY_LIMIT_BYTES', 100_000, 1000, 10_000_000),
      mutationsPerMinute: env.integer('MUTATIONS_PER_MINUTE', 600, 1, 1_000_000),
      subgraphTimeoutMs: env.integer('SUBGRAPH_TIMEOUT_MS', 10_000, 10, 600_000),
      requestTimeoutMs: env.integer('REQUEST_TIMEOUT_MS', 15_000, 10, 600_000),
    },
    adminDir: readAdminDir(env),
  });
}
