import { createPublicKey } from 'node:crypto';
import { type ConfigError, envReader } from '@sportskk/platform';
import { describe, expect, it } from 'vitest';
import {
  DEVELOPMENT_ISSUER,
  DEVELOPMENT_PUBLIC_JWK,
  DEVELOPMENT_SERVICE_KEYS,
} from './development-key.ts';
import { generateServiceKeys } from './service-keys.ts';
import { readBearerTokenSettings, readServiceKeys } from './settings.ts';

const problemsOf = (env: Record<string, string>, production: boolean, self = 'gateway') => {
  const reader = envReader(env);
  readBearerTokenSettings(reader, production);
  readServiceKeys(reader, production, self);
  try {
    reader.done(null);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};
const fresh = await generateServiceKeys();
const productionKeys = {
  SERVICE_PUBLIC_KEYS: JSON.stringify(fresh.publicKeys),
  GATEWAY_SIGNING_KEY: JSON.stringify(fresh.signingKeys.gateway),
  TICKETING_SIGNING_KEY: JSON.stringify(fresh.signingKeys.ticketing),
};
const identityProvider = {
  AUTH_JWKS_URL: 'https://idp/.well-known/jwks.json',
  AUTH_ISSUER: 'https://idp',
};
const developmentPem = createPublicKey({ key: DEVELOPMENT_PUBLIC_JWK, format: 'jwk' })
  .export({ type: 'spki', format: 'pem' })
  .toString();

describe('identity settings', () => {
  it('trust the development keys by default, outside production', () => {
    const settings = readBearerTokenSettings(envReader({}), false);
    expect(settings).toMatchObject({
      issuer: DEVELOPMENT_ISSUER,
      key: { publicKey: DEVELOPMENT_PUBLIC_JWK },
      clockToleranceSeconds: 30,
    });
    const keys = readServiceKeys(envReader({}), false, 'ticketing');
    expect(keys.signingKey).toEqual({ ...DEVELOPMENT_SERVICE_KEYS.ticketing, kid: 'ticketing' });
    expect(keys.publicKeys.keys.map((key) => key.kid)).toEqual([
      'gateway',
      'ticketing',
      'projections',
    ]);
    expect(keys.publicKeys.keys.every((key) => key.d === undefined)).toBe(true);
    expect(problemsOf({}, false)).toEqual([]);
  });

  it('give a service that calls no other service no signing key', () => {
    expect(readServiceKeys(envReader({}), false, 'totalling').signingKey).toBeUndefined();
  });

  it('refuse to start production on any development key or the development issuer, naming each variable', () => {
    expect(problemsOf({}, true).map((problem) => problem.split(/[ :]/)[0])).toEqual([
      'AUTH_PUBLIC_KEY',
      'AUTH_ISSUER',
      'SERVICE_PUBLIC_KEYS',
      'GATEWAY_SIGNING_KEY',
    ]);
    expect(problemsOf({ ...identityProvider, ...productionKeys }, true)).toEqual([]);
    expect(
      problemsOf(
        {
          ...identityProvider,
          ...productionKeys,
          TICKETING_SIGNING_KEY: JSON.stringify(DEVELOPMENT_SERVICE_KEYS.ticketing),
        },
        true,
        'ticketing',
      ),
    ).toEqual([
      'TICKETING_SIGNING_KEY: production refuses the development key (npm run service-keys)',
      "TICKETING_SIGNING_KEY is not the private half of ticketing's key in SERVICE_PUBLIC_KEYS",
    ]);
  });

  it('refuse the development public key in production however it is written', () => {
    for (const key of [
      JSON.stringify(DEVELOPMENT_PUBLIC_JWK),
      developmentPem,
      developmentPem.replaceAll('\n', '\\n'),
    ])
      expect(
        problemsOf({ AUTH_PUBLIC_KEY: key, AUTH_ISSUER: 'https://idp', ...productionKeys }, true),
      ).toEqual([
        "AUTH_PUBLIC_KEY (or AUTH_JWKS_URL): production refuses the development key; set your identity provider's key",
      ]);
  });

  it('recognise a development key spelled another way (padding), as the key it is', () => {
    const padded = { ...DEVELOPMENT_PUBLIC_JWK, x: `${DEVELOPMENT_PUBLIC_JWK.x!}=` };
    expect(
      problemsOf(
        { AUTH_PUBLIC_KEY: JSON.stringify(padded), AUTH_ISSUER: 'https://idp', ...productionKeys },
        true,
      ),
    ).toHaveLength(1);
    const developmentGateway = {
      ...fresh.publicKeys.keys[0]!,
      x: `${DEVELOPMENT_SERVICE_KEYS.gateway.x!}=`,
    };
    const keys = { keys: [developmentGateway, ...fresh.publicKeys.keys.slice(1)] };
    expect(
      problemsOf(
        { ...identityProvider, ...productionKeys, SERVICE_PUBLIC_KEYS: JSON.stringify(keys) },
        true,
      ),
    ).toContain(
      'SERVICE_PUBLIC_KEYS: production refuses the development keys (npm run service-keys)',
    );
  });

  it('take a second key of a service while it rotates, and refuse key ids no service has, twice, or one key twice', () => {
    const [gateway, ...others] = fresh.publicKeys.keys;
    const rotated = { ...fresh.signingKeys.gateway, kid: 'gateway.2' };
    const set = (keys: unknown[]) => JSON.stringify({ keys });
    expect(
      problemsOf(
        {
          SERVICE_PUBLIC_KEYS: set([
            gateway,
            { ...gateway, kid: 'gateway.2', x: fresh.publicKeys.keys[1]!.x },
            ...others,
          ]),
          GATEWAY_SIGNING_KEY: JSON.stringify(rotated),
        },
        false,
      ),
    ).toEqual([
      'SERVICE_PUBLIC_KEYS lists one key under two kids',
      "GATEWAY_SIGNING_KEY is not the private half of gateway.2's key in SERVICE_PUBLIC_KEYS",
    ]);
    expect(
      problemsOf(
        { SERVICE_PUBLIC_KEYS: set([...fresh.publicKeys.keys, { ...gateway, kid: 'center' }]) },
        false,
      ),
    ).toContain(
      'SERVICE_PUBLIC_KEYS: center names no calling service (kid = <service> or <service>.<version>)',
    );
    expect(
      problemsOf({ SERVICE_PUBLIC_KEYS: set([...fresh.publicKeys.keys, gateway]) }, false),
    ).toContain('SERVICE_PUBLIC_KEYS lists a kid twice');
    expect(
      problemsOf(
        { GATEWAY_SIGNING_KEY: JSON.stringify({ ...fresh.signingKeys.gateway, kid: 'ticketing' }) },
        false,
      ),
    ).toContain('GATEWAY_SIGNING_KEY: its kid must be gateway or gateway.<version>');
  });

  it('refuse two key sources, and keys that are not keys', () => {
    expect(problemsOf({ AUTH_JWKS_URL: 'https://idp/jwks', AUTH_PUBLIC_KEY: '{}' }, false)).toEqual(
      ['AUTH_JWKS_URL and AUTH_PUBLIC_KEY: set one of them, not both'],
    );
    expect(problemsOf({ AUTH_PUBLIC_KEY: 'not a key' }, false)).toEqual([
      'AUTH_PUBLIC_KEY must be a JWK (JSON) or an SPKI PEM',
    ]);
    expect(
      problemsOf(
        {
          SERVICE_PUBLIC_KEYS: '{"keys":[{"kty":"RSA","n":"x","e":"AQAB","kid":"gateway"}]}',
          GATEWAY_SIGNING_KEY: JSON.stringify(fresh.publicKeys.keys[0]),
        },
        false,
      ),
    ).toEqual([
      'SERVICE_PUBLIC_KEYS is not a valid key (npm run service-keys prints one)',
      'GATEWAY_SIGNING_KEY is not a valid key (npm run service-keys prints one)',
    ]);
  });
});
