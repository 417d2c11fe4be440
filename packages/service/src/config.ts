/** 12-factor settings: everything from the environment, checked once at start, all problems listed together. */
export interface BreakerSettings {
  readonly timeoutMs: number;
  readonly errorThresholdPercentage: number;
  readonly resetTimeoutMs: number;
  readonly volumeThreshold: number;
  readonly rollingCountTimeoutMs: number;
}

export interface Config {
  readonly environment: 'development' | 'production' | 'test';
  readonly host: string;
  readonly ports: { readonly gateway: number; readonly ticketing: number; readonly totalling: number; readonly center: number; readonly projections: number };
  /** GraphQL endpoints of the subgraphs, as the gateway reaches them. */
  readonly subgraphUrls: { readonly ticketing: string; readonly totalling: string; readonly center: string };
  /** Base URL of totalling's internal (non-GraphQL) endpoint for the guarded sync call. */
  readonly totallingInternalUrl: string;
  readonly teams: readonly string[];
  readonly maxBetCredit: number;
  readonly breaker: BreakerSettings;
  /** Folder of the embedded PostgreSQL when no DATABASE_URL is set. */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly eventStoreUrl: string | undefined;
  readonly mongoUrl: string | undefined;
  readonly logLevel: string;
  readonly introspection: boolean;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const text = (name: string, fallback: string) => env[name]?.trim() || fallback;
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return value;
  };
  const url = (name: string, fallback: string | undefined) => {
    const raw = env[name]?.trim() || fallback;
    if (raw === undefined) return undefined;
    if (!URL.canParse(raw)) problems.push(`${name} is not a URL: "${raw}"`);
    return raw;
  };

  const environment = text('NODE_ENV', 'development');
  if (!['development', 'production', 'test'].includes(environment)) problems.push(`NODE_ENV must be development, production or test, got "${environment}"`);
  const port = (name: string, fallback: number) => integer(name, fallback, 0, 65535);
  const ports = { gateway: port('GATEWAY_PORT', 4000), ticketing: port('TICKETING_PORT', 4001), totalling: port('TOTALLING_PORT', 4002), center: port('CENTER_PORT', 4003), projections: port('PROJECTIONS_PORT', 4004) };
  const teams = [...new Set(text('TEAMS', 'KT,AA,LG,SS').split(',').map((team) => team.trim()).filter(Boolean))];
  for (const team of teams) if (!/^[A-Z0-9]{2,10}$/.test(team)) problems.push(`TEAMS: "${team}" is not a team code (2-10 capital letters or digits)`);
  if (teams.length === 0) problems.push('TEAMS must list at least one team code');
  const introspectionRaw = text('INTROSPECTION', environment === 'production' ? 'false' : 'true');
  if (!['true', 'false'].includes(introspectionRaw)) problems.push(`INTROSPECTION must be true or false, got "${introspectionRaw}"`);

  const config: Config = {
    environment: environment as Config['environment'],
    host: text('HOST', '0.0.0.0'),
    ports,
    subgraphUrls: {
      ticketing: url('TICKETING_URL', `http://localhost:${ports.ticketing}/graphql`)!,
      totalling: url('TOTALLING_URL', `http://localhost:${ports.totalling}/graphql`)!,
      center: url('CENTER_URL', `http://localhost:${ports.center}/graphql`)!,
    },
    totallingInternalUrl: url('TOTALLING_INTERNAL_URL', `http://localhost:${ports.totalling}`)!,
    teams,
    maxBetCredit: integer('MAX_BET_CREDIT', 10_000_000, 1, Number.MAX_SAFE_INTEGER),
    breaker: {
      timeoutMs: integer('BREAKER_TIMEOUT_MS', 1000, 1, 600_000),
      errorThresholdPercentage: integer('BREAKER_ERROR_THRESHOLD_PERCENT', 50, 1, 100),
      resetTimeoutMs: integer('BREAKER_RESET_TIMEOUT_MS', 10_000, 1, 3_600_000),
      volumeThreshold: integer('BREAKER_VOLUME_THRESHOLD', 5, 0, 1_000_000),
      rollingCountTimeoutMs: integer('BREAKER_ROLLING_WINDOW_MS', 10_000, 100, 3_600_000),
    },
    dataDir: text('DATA_DIR', '.data'),
    databaseUrl: url('DATABASE_URL', undefined),
    eventStoreUrl: url('EVENTSTORE_URL', undefined),
    mongoUrl: url('MONGO_URL', undefined),
    logLevel: text('LOG_LEVEL', environment === 'test' ? 'warn' : 'info'),
    introspection: introspectionRaw === 'true',
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
