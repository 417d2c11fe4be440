import { importJWK, SignJWT, type JWK } from 'jose';
import type { Role } from './identity.ts';

/**
 * DEVELOPMENT ONLY. A fixed Ed25519 key pair, so `npm start` and `npm run token` work on a fresh clone with nothing
 * to set up. Everybody has the private half: a production start with this key refuses to start.
 */
export const DEVELOPMENT_PUBLIC_JWK: JWK = {
  kty: 'OKP',
  crv: 'Ed25519',
  x: 'Fn0BYQTPmQDcgMUd2ycf23zxV57IEbhYK023_T1i3n4',
};
const DEVELOPMENT_PRIVATE_JWK: JWK = {
  ...DEVELOPMENT_PUBLIC_JWK,
  d: 'DrpqbyJG6SaASFR6eOw5jaw-n8xjcXkKzcBdydDlTu8',
};

export const DEVELOPMENT_ISSUER = 'https://sportskk.localhost/development';
export const API_AUDIENCE = 'sportskk-api';

/** DEVELOPMENT ONLY. The secret services sign their calls to each other with, unless SERVICE_TOKEN_SECRET is set. */
export const DEVELOPMENT_SERVICE_SECRET =
  'sportskk-development-service-secret-do-not-use-in-production';

export interface DevelopmentTokenRequest {
  readonly subject: string;
  readonly roles: readonly Role[];
  /** Default one hour. */
  readonly ttlSeconds?: number;
  /** For tests: when the token was issued (default now). */
  readonly issuedAt?: Date;
}

/** A bearer token signed by the development key, as an identity provider would issue it. */
export async function signDevelopmentToken(request: DevelopmentTokenRequest): Promise<string> {
  const key = await importJWK(DEVELOPMENT_PRIVATE_JWK, 'EdDSA');
  const issuedAt = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
  return new SignJWT({ scope: request.roles.join(' ') })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(DEVELOPMENT_ISSUER)
    .setAudience(API_AUDIENCE)
    .setSubject(request.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (request.ttlSeconds ?? 3600))
    .sign(key);
}
