import { describe, expect, it } from 'vitest';
import { ConfigError, envReader } from './env.ts';
import { readBettingRules, readEventLogSettings, readServiceSettings } from './settings.ts';

const problemsOf = (read: () => unknown): readonly string[] => {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('service settings', () => {
  it('have working defaults for development', () => {
    const env = envReader({});
    expect(env.done(readServiceSettings(env, 'TICKETING_PORT', 4001))).toEqual({
      environment: 'development',
      host: '0.0.0.0',
      port: 4001,
      logLevel: 'info',
      introspection: true,
      sandbox: true,
      shutdown: { delayMs: 0, graceMs: 10_000 },
    });
    expect(env.done(readBettingRules(env))).toEqual({
      teams: ['KT', 'AA', 'LG', 'SS'],
      maxBetCredit: 10_000_000,
    });
    expect(env.done(readEventLogSettings(env))).toEqual({
      databaseUrl: undefined,
      dataDir: '.data',
      eventStoreUrl: undefined,
    });
  });

  it('read the environment: production turns introspection and Sandbox off, lists are trimmed and deduplicated', () => {
    const env = envReader({
      NODE_ENV: 'production',
      TEAMS: 'KT, LG ,KT',
      MAX_BET_CREDIT: '500',
      DATABASE_URL: 'postgres://u@h:5432/d',
    });
    const settings = env.done(readServiceSettings(env, 'GATEWAY_PORT', 4000));
    expect(settings).toMatchObject({
      environment: 'production',
      introspection: false,
      sandbox: false,
      shutdown: { delayMs: 5000, graceMs: 10_000 },
    });
    expect(
      readServiceSettings(
        envReader({ SHUTDOWN_DELAY_MS: '1500', SHUTDOWN_GRACE_MS: '20000' }),
        'GATEWAY_PORT',
        4000,
      ).shutdown,
    ).toEqual({ delayMs: 1500, graceMs: 20_000 });
    expect(readBettingRules(env)).toEqual({ teams: ['KT', 'LG'], maxBetCredit: 500 });
    expect(readEventLogSettings(env).databaseUrl).toBe('postgres://u@h:5432/d');
    expect(
      envReader({ NODE_ENV: 'production', INTROSPECTION: 'true' }).boolean('INTROSPECTION', false),
    ).toBe(true);
  });

  it('list every problem at once, each naming its variable', () => {
    const env = envReader({
      TEAMS: 'kt',
      MAX_BET_CREDIT: '1.5',
      GATEWAY_PORT: '70000',
      EVENTSTORE_URL: 'not a url',
      NODE_ENV: 'staging',
      INTROSPECTION: 'yes',
    });
    const problems = problemsOf(() =>
      env.done([
        readServiceSettings(env, 'GATEWAY_PORT', 4000),
        readBettingRules(env),
        readEventLogSettings(env),
      ]),
    );
    expect(problems).toHaveLength(6);
    for (const variable of [
      'TEAMS',
      'MAX_BET_CREDIT',
      'GATEWAY_PORT',
      'EVENTSTORE_URL',
      'NODE_ENV',
      'INTROSPECTION',
    ]) {
      expect(
        problems.some((problem) => problem.startsWith(variable)),
        variable,
      ).toBe(true);
    }
  });

  it('refuses an empty team list', () => {
    const env = envReader({ TEAMS: ' , ' });
    readBettingRules(env);
    expect(problemsOf(() => env.done(null))).toEqual(['TEAMS must list at least one item']);
  });
});
