import { readServiceKeys, type ServiceKeys } from '@sportskk/identity';
import {
  envReader,
  readEventLogSettings,
  requireDatabaseInProduction,
  readServiceSettings,
  type EventLogSettings,
  type EnvReader,
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
  const eventLog = readEventLogSettings(env);
  const mongoUrl = readMongoUrl(env);
  requireDatabaseInProduction(
    env,
    service.environment,
    eventLog,
    mongoUrl === undefined || eventLog.eventStoreUrl === undefined,
  );
  return env.done({
    service,
    mongoUrl,
    eventLog,
    serviceKeys: readServiceKeys(env, service.environment === 'production', 'center'),
  });
}

/**
 * MONGO_URL, a standalone, replica set (`mongodb://a,b,c/sportskk?replicaSet=rs0`) or SRV (`mongodb+srv://`) string.
 * It must name its database: without one the driver would quietly write to `test`.
 */
function readMongoUrl(env: EnvReader): string | undefined {
  const url = env.optionalConnectionString('MONGO_URL', ['mongodb', 'mongodb+srv']);
  const parsed = url ? /^mongodb(?:\+srv)?:\/\/[^/]+(?:\/([^/?]*))?/i.exec(url) : null;
  if (parsed && !parsed[1])
    // a wrong scheme is reported already
    env.problem(`MONGO_URL must name its database (mongodb://host/<database>), got "${url}"`);
  return url;
}
