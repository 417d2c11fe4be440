import { importJWK, SignJWT, type JWK } from 'jose';
import type { Role } from './identity.ts';
import type { SigningService } from './service-keys.ts';

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

/**
 * DEVELOPMENT ONLY. The key pairs of the services that call others, so `npm start` needs no set-up; a production
 * start refuses every one of them (SERVICE_PUBLIC_KEYS, <SERVICE>_SIGNING_KEY).
 */
export const DEVELOPMENT_SERVICE_KEYS: Readonly<Record<SigningService, JWK>> = {
  gateway: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'Sr1IgfYFTm27s0x8T1N9uHssloVopIM9WU5StFaWA-o',
    d: 'FcuOY50aszE7Zev0FujL0ipKX-aypnAOnDNAXO6LOVY',
  },
  ticketing: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'XbbPfefP5TBlSoaHckqVzcsWH_lpkZRoEyTiD5LsWiE',
    d: '4MRtYYvVC8Pj1LObsqgshvlfASk9HuzAdRIKIIRR5u4',
  },
  projections: {
    kty: 'OKP',
    crv: 'Ed25519',
    x: 'k0dH0CRVVAbi6oeicNy-VFPzBf2BNNz7OhdzJg3QXF0',
    d: 'h3_mDglDE9upikPPOo1TA7kyaKZ_dWmAVnOPeB0U3pg',
  },
};

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
