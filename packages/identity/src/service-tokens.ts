import { createHash, createPrivateKey, createPublicKey, type JsonWebKey } from 'node:crypto';
import { createDecoder, createSigner, createVerifier } from 'fast-jwt';
import type { JWK, JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { identityOf } from './bearer-tokens.ts';
import { SERVICE_PREFIX, TokenRefused, type Identity } from './identity.ts';
import { serviceOfKid, type ServiceKeys } from './service-keys.ts';
import { tokenCache } from './token-cache.ts';
import { serviceTokenRefusal } from './token-refusals.ts';

/** How long a token one service signs for another lives: one call and its retries. */
const TTL_SECONDS = 30;
/** Services' clocks may disagree a little. */
const CLOCK_TOLERANCE_SECONDS = 5;
/** How long a signed token is handed out again for the same call. */
const REUSE_MS = 10_000;

/** A verified call from another service: which service, and the end user it acts for, if any. */
export interface ServiceCall {
  readonly caller: string;
  readonly identity: Identity | undefined;
}

/** The one HTTP request a token is good for (`htm` and `htu`, as in DPoP): a captured token is no use elsewhere. */
export interface RequestBinding {
  readonly method: string;
  /** The path and query, e.g. /internal/tickets/<id>/count. */
  readonly path: string;
  /** For GraphQL: the operationDigest of the query and variables sent (`gqd`). */
  readonly digest?: string;
}

/** A GraphQL operation as sent (query text and variables), hashed: what a gateway token is bound to. */
export function operationDigest(query: unknown, variables: unknown): string {
  return createHash('sha256')
    .update(`${String(query)}\n${JSON.stringify(variables ?? {})}`)
    .digest('base64url');
}

export interface ServiceTokens {
  /** A token for a call from this service to `audience`, for the end user if any, and for one request if bound. */
  sign(
    audience: string,
    options?: { readonly identity?: Identity; readonly binding?: RequestBinding },
  ): Promise<string>;
  /**
   * Verifies a token addressed to this service, signed by one of `callers` with that caller's own key (and for this
   * request, if `binding` is given); throws TokenRefused otherwise.
   */
  verify(token: string, callers: readonly string[], binding?: RequestBinding): Promise<ServiceCall>;
}

interface VerifiedToken {
  readonly payload: JWTPayload;
  readonly kid: string;
}

/**
 * Short-lived EdDSA tokens services sign for each other, each with its own key: issuer and `kid` = the calling
 * service, audience = the called one, subject and scope = the end user's, so a subgraph can trust who the gateway
 * verified, and no service can speak for another. Signed and checked with fast-jwt, which calls node:crypto in
 * the request's own thread (jose 6 goes through WebCrypto: about 4 times the cost to sign, twice to verify).
 */
export function createServiceTokens(settings: {
  readonly self: string;
  readonly keys: ServiceKeys;
}): ServiceTokens {
  const { self, keys } = settings;
  const signer = keys.signingKey
    ? createSigner({
        key: pemOf(keys.signingKey, 'private'),
        algorithm: 'EdDSA',
        kid: keys.signingKey.kid ?? self,
        iss: `${SERVICE_PREFIX}${self}`,
        expiresIn: TTL_SECONDS * 1000,
      })
    : undefined;
  // One verifier per caller's key, each with its key parsed once; a token picks its own by `kid`.
  const verifiers = new Map(
    keys.publicKeys.keys.flatMap((key) =>
      key.kid === undefined
        ? []
        : [
            [
              key.kid,
              createVerifier({
                key: pemOf(key, 'public'),
                algorithms: ['EdDSA'],
                clockTolerance: CLOCK_TOLERANCE_SECONDS * 1000,
                requiredClaims: ['exp', 'iat', 'iss'],
              }),
            ] as const,
          ],
    ),
  );
  const decodeHeader = createDecoder({ complete: true });
  // The same call again (same audience, caller, request) within REUSE_MS gets the same token: it still has at
  // least TTL_SECONDS - REUSE_MS to live, and a signature is what each call would otherwise cost.
  const signed = new LRUCache<string, { token: string; until: number }>({ max: 10_000 });
  const verifiedTokens = tokenCache<VerifiedToken>({ maxAgeMs: TTL_SECONDS * 1000 });
  const audience = `${SERVICE_PREFIX}${self}`;
  return {
    async sign(to, { identity, binding } = {}) {
      if (!signer) throw new Error(`${self} has no signing key: it calls no other service`);
      const key = JSON.stringify([to, identity?.subject, identity?.roles, binding]);
      const reused = signed.get(key);
      if (reused && reused.until > Date.now()) return reused.token;
      const token = signer({
        aud: `${SERVICE_PREFIX}${to}`,
        sub: identity?.subject ?? `${SERVICE_PREFIX}${self}`,
        ...(identity ? { scope: identity.roles.join(' ') } : {}),
        ...(binding ? { htm: binding.method, htu: binding.path } : {}),
        ...(binding?.digest ? { gqd: binding.digest } : {}),
      });
      signed.set(key, { token, until: Date.now() + REUSE_MS });
      return token;
    },
    async verify(token, callers, binding) {
      let verified = verifiedTokens.get(token);
      if (!verified) {
        verified = verifyToken(token);
        verifiedTokens.set(token, verified, verified.payload.exp); // a number: fast-jwt checked it
      }
      // Checked on every call, cached or not: each endpoint names its own callers.
      if (!callers.some((caller) => verified.payload.iss === `${SERVICE_PREFIX}${caller}`))
        throw new TokenRefused(
          'wrong caller',
          'This endpoint does not take calls from that service',
        );
      const { payload, kid } = verified;
      const caller = payload.iss!.slice(SERVICE_PREFIX.length);
      // The key must be the caller's own: ticketing's key cannot vouch for the gateway.
      if (serviceOfKid(kid) !== caller)
        throw new TokenRefused('bad signature', `The token is not signed with ${caller}'s key`);
      if (
        binding &&
        (payload.htm !== binding.method ||
          payload.htu !== binding.path ||
          payload.gqd !== binding.digest)
      )
        throw new TokenRefused('wrong request', 'The service token was made for another request');
      return { caller, identity: payload.scope === undefined ? undefined : identityOf(payload) };
    },
  };

  /** Signature, expiry and the required claims, then the audience; a TokenRefused otherwise. */
  function verifyToken(token: string): VerifiedToken {
    let kid: unknown;
    let payload: JWTPayload;
    try {
      kid = (decodeHeader(token) as { header: { kid?: unknown } }).header.kid;
      // A service token always names its key: one without is not a service token at all.
      if (typeof kid !== 'string')
        throw new TokenRefused('malformed', 'The service token names no key (kid)');
      const verifier = verifiers.get(kid);
      if (!verifier)
        throw new TokenRefused('bad signature', 'The service token is not signed by a trusted key');
      payload = verifier(token) as JWTPayload;
    } catch (error) {
      throw serviceTokenRefusal(error);
    }
    const aud = payload.aud;
    if (aud !== audience && !(Array.isArray(aud) && aud.includes(audience)))
      throw new TokenRefused('wrong audience', 'The service token is for another audience');
    return { payload, kid: kid as string };
  }
}

/** A key from the service key set, as the PEM fast-jwt takes. */
function pemOf(key: JWK, half: 'private' | 'public'): string {
  const input = { key: key as JsonWebKey, format: 'jwk' as const };
  return half === 'private'
    ? createPrivateKey(input).export({ format: 'pem', type: 'pkcs8' }).toString()
    : createPublicKey(input).export({ format: 'pem', type: 'spki' }).toString();
}
