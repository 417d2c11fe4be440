import { isTeamCode, type BettingRules } from '@sportskk/contracts';
import type { EnvReader } from './env.ts';

export type Environment = 'development' | 'production' | 'test';

/** What every service process reads the same way. */
export interface ServiceSettings {
  readonly environment: Environment;
  readonly host: string;
  readonly port: number;
  /** INTERNAL_PORT: the internal endpoint's own port (unset: served on `port` with the rest). */
  readonly internalPort: number | undefined;
  readonly logLevel: string;
  /** Schema introspection: on unless production (INTROSPECTION overrides). */
  readonly introspection: boolean;
  /** Apollo Sandbox as the landing page: development only. */
  readonly sandbox: boolean;
  readonly shutdown: ShutdownSettings;
}

/** How a stop drains: readiness 503 for `delayMs` while everything is still served, then `graceMs` for requests in flight. */
export interface ShutdownSettings {
  /** SHUTDOWN_DELAY_MS: long enough for a load balancer to see the 503 (default 5 s in production, else 0). */
  readonly delayMs: number;
  /** SHUTDOWN_GRACE_MS: after the listener closes, how long requests in flight may take before their sockets are cut. */
  readonly graceMs: number;
}

export function readServiceSettings(
  env: EnvReader,
  portVariable: string,
  defaultPort: number,
): ServiceSettings {
  const environment = env.oneOf<Environment>(
    'NODE_ENV',
    ['development', 'production', 'test'],
    'development',
  );
  return {
    environment,
    host: env.text('HOST', '0.0.0.0'),
    port: env.integer(portVariable, defaultPort, 0, 65_535),
    internalPort:
      env.optionalText('INTERNAL_PORT') === undefined
        ? undefined
        : env.integer('INTERNAL_PORT', 0, 0, 65_535),
    logLevel: env.text('LOG_LEVEL', environment === 'test' ? 'warn' : 'info'),
    introspection: env.boolean('INTROSPECTION', environment !== 'production'),
    sandbox: environment === 'development',
    shutdown: {
      delayMs: env.integer(
        'SHUTDOWN_DELAY_MS',
        environment === 'production' ? 5000 : 0,
        0,
        600_000,
      ),
      graceMs: env.integer('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    },
  };
}

/** Where a service keeps its data: a PostgreSQL server, else the embedded database in DATA_DIR. */
export interface DatabaseSettings {
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

function readDatabaseSettings(env: EnvReader): DatabaseSettings {
  return { databaseUrl: env.optionalUrl('DATABASE_URL'), dataDir: env.text('DATA_DIR', '.data') };
}

/** The event log: EventStoreDB at EVENTSTORE_URL, else the PostgreSQL event store of DatabaseSettings. */
export interface EventLogSettings extends DatabaseSettings {
  readonly eventStoreUrl: string | undefined;
}

export function readEventLogSettings(env: EnvReader): EventLogSettings {
  return {
    ...readDatabaseSettings(env),
    // The v6 client's schemes; a cluster is `esdb://a:2113,b:2113,c:2113?tls=false`.
    eventStoreUrl: env.optionalConnectionString('EVENTSTORE_URL', ['esdb', 'esdb+discover']),
  };
}

/**
 * In production nothing quietly falls back to an embedded database: a service that would open one in DATA_DIR
 * (`needsDatabase`: no server given for what it stores) is refused at start, naming DATABASE_URL.
 */
export function requireDatabaseInProduction(
  env: EnvReader,
  environment: Environment,
  settings: DatabaseSettings,
  needsDatabase: boolean,
): void {
  if (environment === 'production' && needsDatabase && settings.databaseUrl === undefined)
    env.problem(
      'DATABASE_URL is required in production (without it the service would open an embedded database in DATA_DIR)',
    );
}

/** TEAMS and MAX_BET_CREDIT. */
export function readBettingRules(env: EnvReader): BettingRules {
  const teams = env.list('TEAMS', 'KT,AA,LG,SS', (team) =>
    isTeamCode(team) ? undefined : `"${team}" is not a team code (2-10 capital letters or digits)`,
  );
  return {
    teams,
    maxBetCredit: env.integer('MAX_BET_CREDIT', 10_000_000, 1, Number.MAX_SAFE_INTEGER),
  };
}
