import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('has working defaults for the embedded system', () => {
    const config = loadConfig({});
    expect(config.teams).toEqual(['KT', 'AA', 'LG', 'SS']);
    expect(config.maxBetCredit).toBe(10_000_000);
    expect(config.ports).toEqual({ gateway: 4000, ticketing: 4001, totalling: 4002, center: 4003, projections: 4004 });
    expect(config.subgraphUrls.center).toBe('http://localhost:4003/graphql');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.introspection).toBe(true);
  });

  it('reads settings from the environment', () => {
    const config = loadConfig({ TEAMS: 'KT, LG ,KT', MAX_BET_CREDIT: '500', BREAKER_TIMEOUT_MS: '250', NODE_ENV: 'production', DATABASE_URL: 'postgres://u@h:5432/d' });
    expect(config.teams).toEqual(['KT', 'LG']);
    expect(config.maxBetCredit).toBe(500);
    expect(config.breaker.timeoutMs).toBe(250);
    expect(config.introspection).toBe(false);
    expect(config.databaseUrl).toBe('postgres://u@h:5432/d');
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ TEAMS: 'kt', MAX_BET_CREDIT: '1.5', GATEWAY_PORT: '70000', MONGO_URL: 'not a url', NODE_ENV: 'staging' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(5);
  });
});
