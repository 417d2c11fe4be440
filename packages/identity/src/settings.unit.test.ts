import { type ConfigError, envReader } from '@sportskk/platform';
import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_ISSUER, DEVELOPMENT_PUBLIC_JWK } from './development-key.ts';
import { readBearerTokenSettings, readServiceSecret } from './settings.ts';

const problemsOf = (env: Record<string, string>, production: boolean) => {
  const reader = envReader(env);
  readBearerTokenSettings(reader, production);
  readServiceSecret(reader, production);
  try {
    reader.done(null);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('identity settings', () => {
  it('trust the development key and secret by default, outside production', () => {
    const settings = readBearerTokenSettings(envReader({}), false);
    expect(settings).toMatchObject({
      issuer: DEVELOPMENT_ISSUER,
      key: { publicKey: DEVELOPMENT_PUBLIC_JWK },
      clockToleranceSeconds: 30,
    });
    expect(problemsOf({}, false)).toEqual([]);
  });

  it('refuse to start production on the development key, issuer or secret, naming each variable', () => {
    const problems = problemsOf({}, true);
    expect(problems.map((problem) => problem.split(/[ :]/)[0])).toEqual([
      'AUTH_PUBLIC_KEY',
      'AUTH_ISSUER',
      'SERVICE_TOKEN_SECRET',
    ]);
    expect(
      problemsOf(
        {
          AUTH_PUBLIC_KEY: JSON.stringify(DEVELOPMENT_PUBLIC_JWK),
          AUTH_ISSUER: 'https://idp',
          SERVICE_TOKEN_SECRET: 'x'.repeat(40),
        },
        true,
      ),
    ).toHaveLength(1);
  });

  it('take a JWKS URL or a public key in production, and refuse both, bad keys and short secrets', () => {
    expect(
      problemsOf(
        {
          AUTH_JWKS_URL: 'https://idp/.well-known/jwks.json',
          AUTH_ISSUER: 'https://idp',
          SERVICE_TOKEN_SECRET: 'x'.repeat(40),
        },
        true,
      ),
    ).toEqual([]);
    expect(problemsOf({ AUTH_JWKS_URL: 'https://idp/jwks', AUTH_PUBLIC_KEY: '{}' }, false)).toEqual(
      ['AUTH_JWKS_URL and AUTH_PUBLIC_KEY: set one of them, not both'],
    );
    expect(problemsOf({ AUTH_PUBLIC_KEY: 'not a key' }, false)).toEqual([
      'AUTH_PUBLIC_KEY must be a JWK (JSON) or an SPKI PEM',
    ]);
    expect(problemsOf({ SERVICE_TOKEN_SECRET: 'short' }, false)).toEqual([
      'SERVICE_TOKEN_SECRET must have at least 32 characters',
    ]);
  });
});
