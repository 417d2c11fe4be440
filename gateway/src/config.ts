import { fileURLToPath } from 'node:url';
import { envReader, readServiceSettings, type ServiceSettings } from '@sportskk/platform';

/** The subgraphs the supergraph names, each at the URL the gateway reaches it on. */
export interface SubgraphUrls {
  readonly ticketing: string;
  readonly totalling: string;
  readonly center: string;
}

export interface GatewayConfig {
  readonly service: ServiceSettings;
  readonly subgraphUrls: SubgraphUrls;
  /** The composed supergraph (`npm run build` writes it). */
  readonly supergraphPath: string;
  /** Serve a new supergraph when the file changes: on in development (SUPERGRAPH_WATCH overrides). */
  readonly watchSupergraph: boolean;
}

export const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(
  new URL('../supergraph.graphql', import.meta.url),
);

/** The gateway's settings from the environment; throws a ConfigError naming every bad variable. */
export function loadGatewayConfig(environment: NodeJS.ProcessEnv): GatewayConfig {
  const env = envReader(environment);
  const service = readServiceSettings(env, 'GATEWAY_PORT', 4000);
  return env.done({
    service,
    subgraphUrls: {
      ticketing: env.url('TICKETING_URL', 'http://localhost:4001/graphql'),
      totalling: env.url('TOTALLING_URL', 'http://localhost:4002/graphql'),
      center: env.url('CENTER_URL', 'http://localhost:4003/graphql'),
    },
    supergraphPath: env.text('SUPERGRAPH_PATH', DEFAULT_SUPERGRAPH_PATH),
    watchSupergraph: env.boolean('SUPERGRAPH_WATCH', service.environment === 'development'),
  });
}
