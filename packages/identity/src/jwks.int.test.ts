import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBearerTokenVerifier } from './bearer-tokens.ts';
import { type TokenRefused } from './identity.ts';

let server: Server;
let jwksUrl: string;
const keys = await Promise.all([generateKeyPair('ES256'), generateKeyPair('ES256')]);
const published = [
  { ...(await exportJWK(keys[0]!.publicKey)), kid: 'one', alg: 'ES256', use: 'sig' },
];

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const token = (kid: string, privateKey: CryptoKey) =>
  new SignJWT({ scope: 'buyer' })
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer('https://idp')
    .setAudience('api')
    .setSubject('dave')
    .setExpirationTime('5m')
    .sign(privateKey);

describe('bearer tokens checked against a JWKS URL', () => {
  it('accept a token signed by a published key, and refuse one whose key is not published', async () => {
    const verify = createBearerTokenVerifier({
      issuer: 'https://idp',
      audience: 'api',
      key: { jwksUrl },
      clockToleranceSeconds: 0,
    });
    expect(await verify(await token('one', keys[0]!.privateKey))).toEqual({
      subject: 'dave',
      roles: ['buyer'],
    });
    await expect(verify(await token('two', keys[1]!.privateKey))).rejects.toMatchObject({
      problem: 'bad signature',
    } satisfies Partial<TokenRefused>);
  });

  it("says the keys are unavailable, not that the token is bad, when the identity provider's JWKS cannot be fetched", async () => {
    const failing = createServer((request, response) => {
      if (request.url === '/not-a-key-set') {
        response.setHeader('content-type', 'application/json');
        response.end('{"keys": "none"}');
        return;
      }
      response.statusCode = 503;
      response.end('down');
    });
    await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
    const port = (failing.address() as AddressInfo).port;
    try {
      for (const url of [
        `http://127.0.0.1:${port}/jwks`,
        `http://127.0.0.1:${port}/not-a-key-set`,
        'http://127.0.0.1:1/jwks',
      ]) {
        const verify = createBearerTokenVerifier({
          issuer: 'https://idp',
          audience: 'api',
          key: { jwksUrl: url },
          clockToleranceSeconds: 0,
        });
        await expect(verify(await token('one', keys[0]!.privateKey))).rejects.toMatchObject({
          problem: 'keys unavailable',
        } satisfies Partial<TokenRefused>);
      }
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });
});
