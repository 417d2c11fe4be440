import { createPublicKey, type JsonWebKey } from 'node:crypto';
import type { EnvReader } from '@sportskk/platform';
import type { JSONWebKeySet, JWK } from 'jose';
import type { BearerTokenSettings } from './bearer-tokens.ts';
import {
  API_AUDIENCE,
  DEVELOPMENT_ISSUER,
  DEVELOPMENT_PUBLIC_JWK,
  DEVELOPMENT_SERVICE_KEYS,
} from './development-key.ts';
import {
  publicServiceKey,
  serviceOfKid,
  SIGNING_SERVICES,
  type ServiceKeys,
  type SigningService,
} from './service-keys.ts';

/**
 * The gateway's token checks: AUTH_ISSUER, AUTH_AUDIENCE, AUTH_JWKS_URL or AUTH_PUBLIC_KEY (a JWK or an SPKI PEM),
 * AUTH_CLOCK_TOLERANCE_SECONDS. Without a key the development key is trusted, which production refuses.
 */
export function readBearerTokenSettings(env: EnvReader, production: boolean): BearerTokenSettings {
  const jwksUrl = env.optionalUrl('AUTH_JWKS_URL');
  const publicKey = env.optionalText('AUTH_PUBLIC_KEY');
  if (jwksUrl && publicKey)
    env.problem('AUTH_JWKS_URL and AUTH_PUBLIC_KEY: set one of them, not both');
  const parsed = publicKey ? parsedKey(env, publicKey) : DEVELOPMENT_PUBLIC_JWK;
  if (production && !jwksUrl && isDevelopmentKey(parsed)) {
    env.problem(
      "AUTH_PUBLIC_KEY (or AUTH_JWKS_URL): production refuses the development key; set your identity provider's key",
    );
  }
  const issuer = env.text('AUTH_ISSUER', DEVELOPMENT_ISSUER);
  if (production && issuer === DEVELOPMENT_ISSUER)
    env.problem('AUTH_ISSUER: production refuses the development issuer');
  return {
    issuer,
    audience: env.text('AUTH_AUDIENCE', API_AUDIENCE),
    key: jwksUrl ? { jwksUrl } : { publicKey: parsed },
    clockToleranceSeconds: env.integer('AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
  };
}

/**
 * The keys `self` signs and checks service tokens with: SERVICE_PUBLIC_KEYS (a JWKS of every calling service's
 * public key, `kid` = its name; the same everywhere) and, for a service that calls others, <SELF>_SIGNING_KEY (its
 * private Ed25519 JWK). Without them the development keys are used, which production refuses.
 */
export function readServiceKeys(env: EnvReader, production: boolean, self: string): ServiceKeys {
  const development: JSONWebKeySet = {
    keys: SIGNING_SERVICES.map((service) =>
      publicServiceKey(service, DEVELOPMENT_SERVICE_KEYS[service]),
    ),
  };
  const publicKeys = jsonOf<JSONWebKeySet>(env, 'SERVICE_PUBLIC_KEYS', development, isKeySet);
  if (production && publicKeys.keys.some((key) => isDevelopmentServiceKey(key)))
    env.problem(
      'SERVICE_PUBLIC_KEYS: production refuses the development keys (npm run service-keys)',
    );
  const kids = publicKeys.keys.map((key) => key.kid!);
  const strangers = kids.filter(
    (kid) => !SIGNING_SERVICES.includes(serviceOfKid(kid) as SigningService),
  );
  if (strangers.length > 0)
    env.problem(
      `SERVICE_PUBLIC_KEYS: ${strangers.join(', ')} names no calling service (kid = <service> or <service>.<version>)`,
    );
  if (new Set(kids).size !== kids.length) env.problem('SERVICE_PUBLIC_KEYS lists a kid twice');
  const raws = publicKeys.keys.map((key) => canonicalX(key));
  if (new Set(raws).size !== raws.length)
    env.problem('SERVICE_PUBLIC_KEYS lists one key under two kids');
  if (!SIGNING_SERVICES.includes(self as SigningService)) return { publicKeys };
  const variable = `${self.toUpperCase()}_SIGNING_KEY`;
  const signingKey = jsonOf<JWK>(
    env,
    variable,
    DEVELOPMENT_SERVICE_KEYS[self as SigningService],
    isPrivateEd25519,
  );
  if (production && isDevelopmentServiceKey(signingKey))
    env.problem(`${variable}: production refuses the development key (npm run service-keys)`);
  const kid = signingKey.kid ?? self;
  if (serviceOfKid(kid) !== self)
    env.problem(`${variable}: its kid must be ${self} or ${self}.<version>`);
  const listed = publicKeys.keys.find((key) => key.kid === kid);
  if (listed && canonicalX(listed) !== canonicalX(signingKey))
    env.problem(`${variable} is not the private half of ${kid}'s key in SERVICE_PUBLIC_KEYS`);
  return { signingKey: { ...signingKey, kid }, publicKeys };
}

function jsonOf<T>(
  env: EnvReader,
  name: string,
  fallback: T,
  valid: (value: unknown) => boolean,
): T {
  const text = env.optionalText(name);
  if (text === undefined) return fallback;
  try {
    const value: unknown = JSON.parse(text);
    if (valid(value)) return value as T;
  } catch {
    // reported below
  }
  env.problem(`${name} is not a valid key (npm run service-keys prints one)`);
  return fallback;
}

const isEd25519 = (key: unknown): key is JWK =>
  typeof key === 'object' &&
  key !== null &&
  (key as JWK).kty === 'OKP' &&
  (key as JWK).crv === 'Ed25519' &&
  typeof (key as JWK).x === 'string';
const isPrivateEd25519 = (key: unknown) => isEd25519(key) && typeof key.d === 'string';
const isKeySet = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as JSONWebKeySet).keys) &&
  (value as JSONWebKeySet).keys.every((key) => isEd25519(key) && typeof key.kid === 'string');

/** A public key as node reads it, so that `x` spelled with padding or another alphabet is still the same key. */
function canonicalX(key: JWK | string): string | undefined {
  try {
    const { d: _private, ...publicPart } = typeof key === 'string' ? { d: undefined } : key;
    const imported =
      typeof key === 'string'
        ? createPublicKey(key)
        : createPublicKey({ key: publicPart as JsonWebKey, format: 'jwk' });
    const jwk = imported.export({ format: 'jwk' });
    return jwk.x ?? jwk.n;
  } catch {
    return undefined; // not a key at all: the verifier refuses it at start
  }
}

const isDevelopmentServiceKey = (key: JWK) =>
  Object.values(DEVELOPMENT_SERVICE_KEYS).some(
    (development) => canonicalX(development) === canonicalX(key),
  );

/** Whether a JWK or SPKI PEM is the development public key, whatever its encoding. */
const isDevelopmentKey = (key: JWK | string) =>
  canonicalX(key) !== undefined && canonicalX(key) === canonicalX(DEVELOPMENT_PUBLIC_JWK);

function parsedKey(env: EnvReader, text: string): JWK | string {
  if (text.startsWith('-----BEGIN')) return text.replaceAll('\\n', '\n');
  try {
    return JSON.parse(text) as JWK;
  } catch {
    env.problem('AUTH_PUBLIC_KEY must be a JWK (JSON) or an SPKI PEM');
    return DEVELOPMENT_PUBLIC_JWK;
  }
}
