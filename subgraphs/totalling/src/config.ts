import type { BettingRules } from '@sportskk/contracts';
import { readServiceKeys, type ServiceKeys } from '@sportskk/identity';
import {
  envReader,
  readBettingRules,
  readEventLogSettings,
  requireDatabaseInProduction,
  readServiceSettings,
  type EventLogSettings,
  type ServiceSettings,
} from '@sportskk/platform';

export interface TotallingConfig {
  readonly service: ServiceSettings;
  readonly rules: BettingRules;
  /** Totals in DATABASE_URL (or the embedded database); the totals projection and the sync calls' checks read the event log. */
  readonly eventLog: EventLogSettings;
  /** Verifies the gateway's and ticketing's calls. */
  readonly serviceKeys: ServiceKeys;
}

/** Totalling's settings from the environment; throws a ConfigError naming every bad variable. */
export function loadTotallingConfig(environment: NodeJS.ProcessEnv): TotallingConfig {
  const env = envReader(environment);
  const service = readServiceSettings(env, 'TOTALLING_PORT', 4002);
  const eventLog = readEventLogSettings(env);
  requireDatabaseInProduction(env, service.environment, eventLog, true);
  return env.done({
    service,
    rules: readBettingRules(env),
    eventLog,
    serviceKeys: readServiceKeys(env, service.environment === 'production', 'totalling'),
  });
}
