import { readServiceKeys, type ServiceKeys } from '@sportskk/identity';
import {
  envReader,
  readEventLogSettings,
  requireDatabaseInProduction,
  readServiceSettings,
  type EventLogSettings,
  type ServiceSettings,
} from '@sportskk/platform';

export interface ProjectionsConfig {
  readonly service: ServiceSettings;
  /** The log it follows; its checkpoints live in DATABASE_URL (or the embedded database). */
  readonly eventLog: EventLogSettings;
  /** Base URL of ticketing's internal endpoint. */
  readonly ticketingInternalUrl: string;
  /** How long one call to ticketing may take. */
  readonly peerTimeoutMs: number;
  /** Signs its calls to ticketing. */
  readonly serviceKeys: ServiceKeys;
}

/** The projections worker's settings from the environment; throws a ConfigError naming every bad variable. */
export function loadProjectionsConfig(environment: NodeJS.ProcessEnv): ProjectionsConfig {
  const env = envReader(environment);
  const service = readServiceSettings(env, 'PROJECTIONS_PORT', 4004);
  const eventLog = readEventLogSettings(env);
  requireDatabaseInProduction(env, service.environment, eventLog, true);
  return env.done({
    service,
    serviceKeys: readServiceKeys(env, service.environment === 'production', 'projections'),
    eventLog,
    ticketingInternalUrl: env.url('TICKETING_INTERNAL_URL', 'http://localhost:4001'),
    peerTimeoutMs: env.integer('PEER_TIMEOUT_MS', 2000, 1, 600_000),
  });
}
