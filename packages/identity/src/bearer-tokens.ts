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
import { isRole, TokenRefused, type Identity } from './identity.ts';

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

/** The token of an `Authorization: Bearer <token>` header; undefined when there is none. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim());
  if (!match)
    throw new TokenRefused('malformed', 'The Authorization header must be "Bearer <token>"');
  return match[1];
}

/** Verifies bearer tokens: signature, issuer, audience, expiry (with the tolerance); reads subject and roles. */
export function createBearerTokenVerifier(
  settings: BearerTokenSettings,
): (token: string) => Promise<Identity> {
  const keys = keySource(settings.key);
  return async (token) => {
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
      throw refusal(error);
    }
    return identityOf(payload);
  };
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

function keySource(key: VerificationKey): () => Promise<JWTVerifyGetKey | CryptoKey | Uint8Array> {
  if ('jwksUrl' in key) {
    const jwks = createRemoteJWKSet(new URL(key.jwksUrl));
    return async () => jwks;
  }
  const imported =
    typeof key.publicKey === 'string'
      ? importSpki(key.publicKey)
      : importJWK(key.publicKey, key.publicKey.alg ?? algorithmOf(key.publicKey));
  return () => imported as Promise<CryptoKey | Uint8Array>;
}

async function importSpki(pem: string): Promise<CryptoKey> {
  for (const algorithm of ALGORITHMS) {
    try {
      return await importSPKI(pem, algorithm);
    } catch {
      // try the next algorithm this PEM may be for
    }
  }
  throw new Error('The public key is not an SPKI PEM of an EdDSA, EC or RSA key');
}

function algorithmOf(jwk: JWK): string {
  if (jwk.kty === 'OKP') return 'EdDSA';
  if (jwk.kty === 'EC') return jwk.crv === 'P-384' ? 'ES384' : 'ES256';
  return 'RS256';
}

function refusal(error: unknown): TokenRefused {
  if (error instanceof TokenRefused) return error;
  if (error instanceof errors.JWTExpired)
    return new TokenRefused('expired', 'The token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss')
      return new TokenRefused('wrong issuer', 'The token comes from another issuer');
    if (error.claim === 'aud')
      return new TokenRefused('wrong audience', 'The token is for another audience');
    if (error.claim === 'nbf' || error.claim === 'iat')
      return new TokenRefused('not yet valid', 'The token is not valid yet');
    return new TokenRefused('malformed', `The token's ${error.claim} claim is not valid`);
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey
  ) {
    return new TokenRefused('bad signature', 'The token is not signed by a trusted key');
  }
  return new TokenRefused('malformed', 'The token cannot be read');
}
