import { createHash } from 'node:crypto';
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWTVerifyResult } from 'jose';
import { LRUCache } from 'lru-cache';
import { identityOf } from './bearer-tokens.ts';
import { SERVICE_PREFIX, TokenRefused, type Identity } from './identity.ts';
import { serviceOfKid, type ServiceKeys } from './service-keys.ts';
import { tokenCache } from './token-cache.ts';
import { tokenRefusal } from './token-refusals.ts';

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

/**
 * Short-lived EdDSA tokens services sign for each other, each with its own key: issuer and `kid` = the calling
 * service, audience = the called one, subject and scope = the end user's, so a subgraph can trust who the gateway
 * verified, and no service can speak for another.
 */
export function createServiceTokens(settings: {
  readonly self: string;
  readonly keys: ServiceKeys;
}): ServiceTokens {
  const { self, keys } = settings;
  const signingKey = keys.signingKey ? importJWK(keys.signingKey, 'EdDSA') : undefined;
  const publicKeys = createLocalJWKSet(keys.publicKeys);
  // The same call again (same audience, caller, request) within REUSE_MS gets the same token: it still has at
  // least TTL_SECONDS - REUSE_MS to live, and a signature is what each call would otherwise cost.
  const signed = new LRUCache<string, { token: string; until: number }>({ max: 10_000 });
  const verifiedTokens = tokenCache<JWTVerifyResult>({ maxAgeMs: TTL_SECONDS * 1000 });
  return {
    async sign(audience, { identity, binding } = {}) {
      if (!signingKey) throw new Error(`${self} has no signing key: it calls no other service`);
      const key = JSON.stringify([audience, identity?.subject, identity?.roles, binding]);
      const reused = signed.get(key);
      if (reused && reused.until > Date.now()) return reused.token;
      const claims = {
        ...(identity ? { scope: identity.roles.join(' ') } : {}),
        ...(binding ? { htm: binding.method, htu: binding.path } : {}),
        ...(binding?.digest ? { gqd: binding.digest } : {}),
      };
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: keys.signingKey?.kid ?? self })
        .setIssuer(`${SERVICE_PREFIX}${self}`)
        .setAudience(`${SERVICE_PREFIX}${audience}`)
        .setSubject(identity?.subject ?? `${SERVICE_PREFIX}${self}`)
        .setIssuedAt()
        .setExpirationTime(`${TTL_SECONDS}s`)
        .sign(await signingKey);
      signed.set(key, { token, until: Date.now() + REUSE_MS });
      return token;
    },
    async verify(token, callers, binding) {
      let verified = verifiedTokens.get(token);
      try {
        if (!verified) {
          verified = await jwtVerify(token, publicKeys, {
            algorithms: ['EdDSA'],
            audience: `${SERVICE_PREFIX}${self}`,
            clockTolerance: CLOCK_TOLERANCE_SECONDS,
            requiredClaims: ['exp', 'iat', 'iss'],
          });
          verifiedTokens.set(token, verified, verified.payload.exp);
        }
        // Checked on every call, cached or not: each endpoint names its own callers.
        if (!callers.some((caller) => verified!.payload.iss === `${SERVICE_PREFIX}${caller}`))
          throw new TokenRefused(
            'wrong caller',
            'This endpoint does not take calls from that service',
          );
      } catch (error) {
        throw tokenRefusal(error, 'service token', {
          problem: 'wrong caller',
          message: 'This endpoint does not take calls from that service',
        });
      }
      const { payload, protectedHeader } = verified;
      const caller = payload.iss!.slice(SERVICE_PREFIX.length);
      // The key must be the caller's own: ticketing's key cannot vouch for the gateway.
      if (serviceOfKid(protectedHeader.kid) !== caller)
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
}
