import { readServiceKeys, type ServiceKeys } from '@sportskk/identity';
import {
  envReader,
  readEventLogSettings,
  readServiceSettings,
  type EventLogSettings,
  type ServiceSettings,
} from '@sportskk/platform';

export interface CenterConfig {
  readonly service: ServiceSettings;
  /** The view in MongoDB at MONGO_URL (database from the URL's path), else PostgreSQL JSONB. */
  readonly mongoUrl: string | undefined;
  /** PostgreSQL for the view (without MONGO_URL) and the event log its projection follows. */
  readonly eventLog: EventLogSettings;
  /** Verifies the gateway's calls. */
  readonly serviceKeys: ServiceKeys;
}

/** The center's settings from the environment; throws a ConfigError naming every bad variable. */
export function loadCenterConfig(environment: NodeJS.ProcessEnv): CenterConfig {
  const env = envReader(environment);
  const service = readServiceSettings(env, 'CENTER_PORT', 4003);
  return env.done({
    service,
    mongoUrl: env.optionalUrl('MONGO_URL'),
    eventLog: readEventLogSettings(env),
    serviceKeys: readServiceKeys(env, service.environment === 'production', 'center'),
  });
}
