import { generateKeyPairSync } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { bearerTokenOf, createBearerTokenVerifier } from './bearer-tokens.ts';
import {
  API_AUDIENCE,
  DEVELOPMENT_ISSUER,
  DEVELOPMENT_PUBLIC_JWK,
  signDevelopmentToken,
} from './development-key.ts';
import { TokenRefused } from './identity.ts';

const verify = createBearerTokenVerifier({
  issuer: DEVELOPMENT_ISSUER,
  audience: API_AUDIENCE,
  key: { publicKey: DEVELOPMENT_PUBLIC_JWK },
  clockToleranceSeconds: 30,
});
const problemOf = async (token: string) => {
  try {
    await verify(token);
    return 'accepted';
  } catch (error) {
    if (error instanceof TokenRefused) return error.problem;
    throw error;
  }
};
const now = () => Math.floor(Date.now() / 1000);

/** A token signed by a key nobody trusts, with the claims given. */
async function strangerToken(claims: JWTPayload, alg = 'EdDSA') {
  const { privateKey } = await generateKeyPair(alg);
  return new SignJWT(claims).setProtectedHeader({ alg }).sign(privateKey);
}

describe('bearer tokens', () => {
  it('accept a development token and give its subject and roles', async () => {
    const token = await signDevelopmentToken({ subject: 'alice', roles: ['buyer', 'admin'] });
    expect(await verify(token)).toEqual({ subject: 'alice', roles: ['buyer', 'admin'] });
  });

  it('accept a token a little older than its expiry (clock tolerance), not more', async () => {
    const issuedAt = new Date(Date.now() - 3600_000 - 10_000);
    expect(
      await problemOf(await signDevelopmentToken({ subject: 'a', roles: ['buyer'], issuedAt })),
    ).toBe('accepted');
    const older = new Date(Date.now() - 3600_000 - 60_000);
    expect(
      await problemOf(
        await signDevelopmentToken({ subject: 'a', roles: ['buyer'], issuedAt: older }),
      ),
    ).toBe('expired');
  });

  it.each([
    [
      'signed by another key',
      () =>
        strangerToken({
          sub: 'mallory',
          scope: 'admin',
          iss: DEVELOPMENT_ISSUER,
          aud: API_AUDIENCE,
          exp: now() + 60,
        }),
      'bad signature',
    ],
    [
      'signed with an HMAC secret (algorithm confusion)',
      () =>
        new SignJWT({ sub: 'm', scope: 'admin' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer(DEVELOPMENT_ISSUER)
          .setAudience(API_AUDIENCE)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode(DEVELOPMENT_PUBLIC_JWK.x)),
      'bad signature',
    ],
    [
      'unsigned (alg none)',
      async () =>
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'm', scope: 'admin', iss: DEVELOPMENT_ISSUER, aud: API_AUDIENCE, exp: now() + 60 })).toString('base64url')}.`,
      'bad signature',
    ],
    [
      'expired',
      () => signDevelopmentToken({ subject: 'a', roles: ['buyer'], ttlSeconds: -120 }),
      'expired',
    ],
    ['not a JWT at all', async () => 'hello.world', 'malformed'],
    ['without roles', () => signDevelopmentToken({ subject: 'a', roles: [] }), 'no roles'],
    [
      "naming a service's reserved subject",
      () => signDevelopmentToken({ subject: 'sportskk:gateway', roles: ['admin'] }),
      'reserved subject',
    ],
  ])('refuse a token %s', async (_label, make, problem) => {
    expect(await problemOf(await make())).toBe(problem);
  });

  it('refuse a token checked before once it has expired (a known token skips only the signature check)', async () => {
    vi.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    try {
      const token = await signDevelopmentToken({
        subject: 'carol',
        roles: ['buyer'],
        ttlSeconds: 60,
      });
      expect(await problemOf(token)).toBe('accepted');
      vi.setSystemTime(Date.now() + 59_000);
      expect(await problemOf(token)).toBe('accepted');
      vi.setSystemTime(Date.now() + 32_000); // past its expiry and the 30 s of tolerance
      expect(await problemOf(token)).toBe('expired');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuse another issuer or audience, and a token without a usable subject', async () => {
    const { privateKey, publicKey } = await generateKeyPair('EdDSA');
    const verifyOwn = createBearerTokenVerifier({
      issuer: 'https://idp',
      audience: 'api',
      key: { publicKey: await exportJWK(publicKey) },
      clockToleranceSeconds: 0,
    });
    const token = (claims: JWTPayload) =>
      new SignJWT({ scope: 'buyer', ...claims })
        .setProtectedHeader({ alg: 'EdDSA' })
        .setExpirationTime('1h')
        .sign(privateKey);
    const problem = async (claims: JWTPayload) =>
      verifyOwn(await token(claims)).then(
        () => 'accepted',
        (error: TokenRefused) => error.problem,
      );
    expect(await problem({ iss: 'https://idp', aud: 'api', sub: 'bob' })).toBe('accepted');
    expect(await problem({ iss: 'https://evil', aud: 'api', sub: 'bob' })).toBe('wrong issuer');
    expect(await problem({ iss: 'https://idp', aud: 'other', sub: 'bob' })).toBe('wrong audience');
    expect(await problem({ iss: 'https://idp', aud: 'api' })).toBe('no subject');
    expect(await problem({ iss: 'https://idp', aud: 'api', sub: 'bob"; DROP TABLE' })).toBe(
      'no subject',
    );
    expect(await problem({ iss: 'https://idp', aud: 'api', sub: 'bob', nbf: now() + 600 })).toBe(
      'not yet valid',
    );
  });

  it('read roles from a roles list too, leaving unknown roles out', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const verifyOwn = createBearerTokenVerifier({
      issuer: 'i',
      audience: 'a',
      key: { publicKey: await exportJWK(publicKey) },
      clockToleranceSeconds: 0,
    });
    const token = await new SignJWT({ roles: ['admin', 'root', 7] })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer('i')
      .setAudience('a')
      .setSubject('carol')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect(await verifyOwn(token)).toEqual({ subject: 'carol', roles: ['admin'] });
  });
});

describe('a configured public key', () => {
  it('serves every algorithm its type allows: an RSA PEM checks RS256 and PS256 tokens', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const verify = createBearerTokenVerifier({
      issuer: 'i',
      audience: 'a',
      key: { publicKey: pem },
      clockToleranceSeconds: 0,
    });
    for (const alg of ['PS256', 'RS256']) {
      const token = await new SignJWT({ scope: 'buyer' })
        .setProtectedHeader({ alg })
        .setIssuer('i')
        .setAudience('a')
        .setSubject(`user-${alg}`)
        .setExpirationTime('1h')
        .sign(privateKey);
      expect(await verify(token)).toEqual({ subject: `user-${alg}`, roles: ['buyer'] });
    }
  });

  it('keeps a JWK to the algorithm it names', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const verify = createBearerTokenVerifier({
      issuer: 'i',
      audience: 'a',
      key: { publicKey: { ...publicKey.export({ format: 'jwk' }), alg: 'RS256' } },
      clockToleranceSeconds: 0,
    });
    const token = await new SignJWT({ scope: 'buyer' })
      .setProtectedHeader({ alg: 'PS256' })
      .setIssuer('i')
      .setAudience('a')
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect(verify(token)).rejects.toMatchObject({ problem: 'bad signature' });
  });
});

describe('the Authorization header', () => {
  it('gives the bearer token, nothing when absent, and refuses anything else', () => {
    expect(bearerTokenOf('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    // RFC 7235: the scheme is case-insensitive.
    expect(bearerTokenOf('bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerTokenOf('BEARER  abc.def.ghi ')).toBe('abc.def.ghi');
    expect(bearerTokenOf(undefined)).toBeUndefined();
    expect(bearerTokenOf('  ')).toBeUndefined();
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'bearer', 'Bearerabc'])
      expect(() => bearerTokenOf(header), header).toThrow(TokenRefused);
  });
});
