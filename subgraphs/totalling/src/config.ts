import type { BettingRules } from '@sportskk/contracts';
import {
  envReader,
  readBettingRules,
  readEventLogSettings,
  readServiceSettings,
  type EventLogSettings,
  type ServiceSettings,
} from '@sportskk/platform';

export interface TotallingConfig {
  readonly service: ServiceSettings;
  readonly rules: BettingRules;
  /** Totals in DATABASE_URL (or the embedded database); the totals projection reads the event log. */
  readonly eventLog: EventLogSettings;
}

/** Totalling's settings from the environment; throws a ConfigError naming every bad variable. */
export function loadTotallingConfig(environment: NodeJS.ProcessEnv): TotallingConfig {
  const env = envReader(environment);
  return env.done({
    service: readServiceSettings(env, 'TOTALLING_PORT', 4002),
    rules: readBettingRules(env),
    eventLog: readEventLogSettings(env),
  });
}
