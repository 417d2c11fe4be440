import { ConfigError } from '@sportskk/platform';
import { describe, expect, it } from 'vitest';
import { loadCenterConfig } from './config.ts';

const problemsWith = (env: Record<string, string>): readonly string[] => {
  try {
    loadCenterConfig({ NODE_ENV: 'test', ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('the center configuration', () => {
  it.each([
    'mongodb://localhost:27017/sportskk',
    'mongodb://a,b,c/sportskk?replicaSet=rs0',
    'mongodb://user:p%40ss@a:27017,b:27017/sportskk?replicaSet=rs0&tls=true&authSource=admin',
    'mongodb+srv://cluster0.example.net/sportskk?retryWrites=true',
  ])('accepts %s, handing it to the driver unchanged', (url) => {
    expect(problemsWith({ MONGO_URL: url })).toEqual([]);
    expect(loadCenterConfig({ NODE_ENV: 'test', MONGO_URL: url }).mongoUrl).toBe(url);
  });

  it.each([
    ['no database', 'mongodb://a,b,c/?replicaSet=rs0', /MONGO_URL must name its database/],
    ['no path at all', 'mongodb://localhost:27017', /MONGO_URL must name its database/],
    ['another scheme', 'postgres://localhost/sportskk', /MONGO_URL must start with mongodb:\/\//],
    ['no scheme', 'localhost:27017/sportskk', /MONGO_URL must start with/],
  ])('refuses %s, naming the variable', (_, url, problem) => {
    expect(problemsWith({ MONGO_URL: url })).toEqual([expect.stringMatching(problem)]);
  });

  it.each([
    'esdb://localhost:2113?tls=false',
    'esdb://a:2113,b:2113,c:2113?tls=false&nodePreference=leader',
    'esdb+discover://cluster.example.net:2113',
  ])('accepts the EventStoreDB connection string %s', (url) => {
    expect(loadCenterConfig({ NODE_ENV: 'test', EVENTSTORE_URL: url }).eventLog.eventStoreUrl).toBe(
      url,
    );
  });

  it.each(['kurrentdb://localhost:2113', 'http://localhost:2113', 'localhost:2113'])(
    'refuses %s for EVENTSTORE_URL: the v6 client would refuse it at start',
    (url) => {
      expect(problemsWith({ EVENTSTORE_URL: url })).toEqual([
        expect.stringMatching(/^EVENTSTORE_URL must start with esdb:\/\/ or esdb\+discover:\/\//),
      ]);
    },
  );
});
