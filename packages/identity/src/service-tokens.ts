import { errors, jwtVerify, SignJWT } from 'jose';
import { identityOf } from './bearer-tokens.ts';
import { TokenRefused, type Identity } from './identity.ts';

/** How long a token one service signs for another lives: long enough for one call and its retries. */
const TTL_SECONDS = 60;
const ISSUER_PREFIX = 'sportskk:';

/** A verified call from another service: which service, and the end user it acts for, if any. */
export interface ServiceCall {
  readonly caller: string;
  readonly identity: Identity | undefined;
}

export interface ServiceTokens {
  /** A token for a call from this service to `audience`, carrying the verified end user when there is one. */
  sign(audience: string, identity?: Identity): Promise<string>;
  /** Verifies a token addressed to this service by one of `callers`; throws TokenRefused otherwise. */
  verify(token: string, callers: readonly string[]): Promise<ServiceCall>;
}

/**
 * Short-lived HS256 tokens services sign for each other with one shared secret: issuer = the calling service,
 * audience = the called one, subject and scope = the end user's, so a subgraph can trust who the gateway verified.
 */
export function createServiceTokens(settings: {
  readonly secret: string;
  readonly self: string;
}): ServiceTokens {
  const key = new TextEncoder().encode(settings.secret);
  return {
    sign(audience, identity) {
      const claims = identity ? { scope: identity.roles.join(' ') } : {};
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(`${ISSUER_PREFIX}${settings.self}`)
        .setAudience(`${ISSUER_PREFIX}${audience}`)
        .setSubject(identity?.subject ?? `${ISSUER_PREFIX}${settings.self}`)
        .setIssuedAt()
        .setExpirationTime(`${TTL_SECONDS}s`)
        .sign(key);
    },
    async verify(token, callers) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          audience: `${ISSUER_PREFIX}${settings.self}`,
          issuer: callers.map((caller) => `${ISSUER_PREFIX}${caller}`),
          clockTolerance: 5,
          requiredClaims: ['exp'],
        });
        const caller = payload.iss!.slice(ISSUER_PREFIX.length);
        return { caller, identity: payload.scope === undefined ? undefined : identityOf(payload) };
      } catch (error) {
        if (error instanceof TokenRefused) throw error;
        if (error instanceof errors.JWTExpired)
          throw new TokenRefused('expired', 'The service token has expired');
        if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') {
          throw new TokenRefused(
            'wrong caller',
            'This endpoint does not take calls from that service',
          );
        }
        if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'aud') {
          throw new TokenRefused('wrong audience', 'The service token is for another service');
        }
        if (error instanceof errors.JWSSignatureVerificationFailed)
          throw new TokenRefused(
            'bad signature',
            'The service token is not signed with the shared secret',
          );
        throw new TokenRefused('malformed', 'The service token cannot be read');
      }
    },
  };
}
