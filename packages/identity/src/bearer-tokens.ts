import {
  createRemoteJWKSet,
  errors,
  importJWK,
  importSPKI,
  jwtVerify,
  type CryptoKey,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { isRole, SERVICE_PREFIX, TokenRefused, type Identity } from './identity.ts';
import { tokenCache } from './token-cache.ts';
import { tokenRefusal } from './token-refusals.ts';

/** Where the verification keys come from: an identity provider's JWKS URL, or one public key (JWK or SPKI PEM). */
export type VerificationKey = { readonly jwksUrl: string } | { readonly publicKey: JWK | string };

export interface BearerTokenSettings {
  readonly issuer: string;
  readonly audience: string;
  readonly key: VerificationKey;
  /** Leeway for clocks that disagree a little (seconds). */
  readonly clockToleranceSeconds: number;
}

/** Algorithms accepted: asymmetric only, so a caller cannot sign with a public key used as an HMAC secret. */
const ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'];

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case); undefined when there is none. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  if (!match)
    throw new TokenRefused('malformed', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Verifies bearer tokens: signature, issuer, audience, expiry (with the tolerance); reads subject and roles. */
export function createBearerTokenVerifier(
  settings: BearerTokenSettings,
): (token: string) => Promise<Identity> {
  const keys = keySource(settings.key);
  // A key taken out of the key set stops a token it signed within this long, if the token lives longer.
  const verified = tokenCache<Identity>({ maxAgeMs: 60_000 });
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keys(), {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: ALGORITHMS,
        clockTolerance: settings.clockToleranceSeconds,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if ('jwksUrl' in settings.key && isKeySetFailure(error))
        throw new TokenRefused(
          'keys unavailable',
          "The identity provider's keys cannot be fetched",
        );
      throw tokenRefusal(error);
    }
    const identity = identityOf(payload);
    if (identity.subject.startsWith(SERVICE_PREFIX))
      throw new TokenRefused(
        'reserved subject',
        `Subjects starting with ${SERVICE_PREFIX} are reserved`,
      );
    verified.set(token, identity, payload.exp);
    return identity;
  };
}

/** The key set could not be fetched or read (timeout, network, not 200, not JSON, not a JWKS): not the token's fault. */
function isKeySetFailure(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (!(error instanceof errors.JOSEError)) return true;
  return error.code === 'ERR_JOSE_GENERIC';
}

/** Subject and roles (the space-separated OAuth `scope`, or a `roles` list); unknown roles are left out. */
export function identityOf(payload: JWTPayload): Identity {
  const subject = payload.sub;
  if (typeof subject !== 'string' || !/^[\w.@:|+-]{1,200}$/.test(subject))
    throw new TokenRefused('no subject', 'The token names no usable subject');
  const claimed =
    typeof payload.scope === 'string'
      ? payload.scope.split(' ')
      : Array.isArray(payload.roles)
        ? payload.roles
        : [];
  const roles = [
    ...new Set(claimed.filter((role): role is string => typeof role === 'string').filter(isRole)),
  ];
  if (roles.length === 0)
    throw new TokenRefused('no roles', 'The token grants neither the buyer nor the admin role');
  return { subject, roles };
}

/**
 * The key to check a token with: the JWKS (jose picks by `kid` and caches), or the one public key imported for the
 * token's algorithm (once per algorithm), so an RSA key serves RS256 and PS256 alike.
 */
function keySource(key: VerificationKey): () => Promise<JWTVerifyGetKey> {
  if ('jwksUrl' in key) {
    const jwks = createRemoteJWKSet(new URL(key.jwksUrl));
    return async () => jwks;
  }
  const { publicKey } = key;
  const imported = new Map<string, Promise<CryptoKey | Uint8Array>>();
  const importFor = (algorithm: string) => {
    if (publicKey instanceof Object && publicKey.alg && publicKey.alg !== algorithm)
      return Promise.reject(new errors.JOSEAlgNotAllowed('The key is for another algorithm'));
    const started =
      imported.get(algorithm) ??
      (typeof publicKey === 'string'
        ? importSPKI(publicKey, algorithm)
        : importJWK(publicKey, algorithm));
    imported.set(algorithm, started);
    return started;
  };
  return async () => (header) => importFor(header.alg ?? '');
}
