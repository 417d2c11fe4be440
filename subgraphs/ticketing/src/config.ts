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

/** The opossum breaker on the sync call to totalling. */
export interface BreakerSettings {
  readonly timeoutMs: number;
  readonly errorThresholdPercentage: number;
  readonly resetTimeoutMs: number;
  readonly volumeThreshold: number;
  readonly rollingCountTimeoutMs: number;
}

export interface TicketingConfig {
  readonly service: ServiceSettings;
  readonly rules: BettingRules;
  readonly breaker: BreakerSettings;
  /** Base URL of totalling's internal endpoint. */
  readonly totallingInternalUrl: string;
  readonly eventLog: EventLogSettings;
  /** Verifies the gateway's and the process manager's calls, and signs calls to totalling. */
  readonly serviceKeys: ServiceKeys;
}

/** Ticketing's settings from the environment; throws a ConfigError naming every bad variable. */
export function loadTicketingConfig(environment: NodeJS.ProcessEnv): TicketingConfig {
  const env = envReader(environment);
  const service = readServiceSettings(env, 'TICKETING_PORT', 4001);
  const eventLog = readEventLogSettings(env);
  requireDatabaseInProduction(
    env,
    service.environment,
    eventLog,
    eventLog.eventStoreUrl === undefined,
  );
  return env.done({
    service,
    serviceKeys: readServiceKeys(env, service.environment === 'production', 'ticketing'),
    rules: readBettingRules(env),
    breaker: {
      timeoutMs: env.integer('BREAKER_TIMEOUT_MS', 1000, 1, 600_000),
      errorThresholdPercentage: env.integer('BREAKER_ERROR_THRESHOLD_PERCENT', 50, 1, 100),
      resetTimeoutMs: env.integer('BREAKER_RESET_TIMEOUT_MS', 10_000, 1, 3_600_000),
      volumeThreshold: env.integer('BREAKER_VOLUME_THRESHOLD', 5, 0, 1_000_000),
      rollingCountTimeoutMs: env.integer('BREAKER_ROLLING_WINDOW_MS', 10_000, 100, 3_600_000),
    },
    totallingInternalUrl: env.url('TOTALLING_INTERNAL_URL', 'http://localhost:4002'),
    eventLog,
  });
}
