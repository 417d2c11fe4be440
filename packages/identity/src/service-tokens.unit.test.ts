import { createHmac, createPublicKey, type JsonWebKey } from 'node:crypto';
import { SignJWT, importJWK } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TokenRefused } from './identity.ts';
import { generateServiceKeys, type ServiceKeys } from './service-keys.ts';
import { createServiceTokens, operationDigest } from './service-tokens.ts';

const { signingKeys, publicKeys } = await generateServiceKeys();
const keysOf = (service: 'gateway' | 'ticketing' | 'projections'): ServiceKeys => ({
  signingKey: signingKeys[service],
  publicKeys,
});
const gateway = createServiceTokens({ self: 'gateway', keys: keysOf('gateway') });
const ticketing = createServiceTokens({ self: 'ticketing', keys: keysOf('ticketing') });
const totalling = createServiceTokens({ self: 'totalling', keys: { publicKeys } });
const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: TokenRefused) => error.problem,
  );
const alice = { subject: 'alice', roles: ['buyer' as const] };

describe('service tokens', () => {
  it('carry the caller and the end user it acts for to the service they are for', async () => {
    const token = await gateway.sign('ticketing', { identity: alice });
    expect(await ticketing.verify(token, ['gateway'])).toEqual({
      caller: 'gateway',
      identity: alice,
    });
    expect(await totalling.verify(await ticketing.sign('totalling'), ['ticketing'])).toEqual({
      caller: 'ticketing',
      identity: undefined,
    });
  });

  it('are refused by another service, from a caller not let in, or signed by a key no service has', async () => {
    const forTicketing = await gateway.sign('ticketing', { identity: alice });
    expect(await problemOf(totalling.verify(forTicketing, ['gateway']))).toBe('wrong audience');
    expect(await problemOf(ticketing.verify(forTicketing, ['projections']))).toBe('wrong caller');
    const stranger = await generateServiceKeys();
    const forged = createServiceTokens({
      self: 'gateway',
      keys: { signingKey: stranger.signingKeys.gateway, publicKeys: stranger.publicKeys },
    });
    expect(await problemOf(ticketing.verify(await forged.sign('ticketing'), ['gateway']))).toBe(
      'bad signature',
    );
    expect(await problemOf(ticketing.verify('not.a.token', ['gateway']))).toBe('malformed');
  });

  it('refuse a service that signs with its own key but claims to be another: ticketing cannot speak for the gateway', async () => {
    const ticketingKey = await importJWK(signingKeys.ticketing, 'EdDSA');
    const claims = { scope: 'admin' };
    const asGateway = (kid: string) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'EdDSA', kid })
        .setIssuer('sportskk:gateway')
        .setAudience('sportskk:totalling')
        .setSubject('mallory')
        .setIssuedAt()
        .setExpirationTime('30s')
        .sign(ticketingKey);
    expect(await problemOf(totalling.verify(await asGateway('ticketing'), ['gateway']))).toBe(
      'bad signature',
    );
    expect(await problemOf(totalling.verify(await asGateway('gateway'), ['gateway']))).toBe(
      'bad signature',
    );
  });

  it('are refused once expired, or without an issue time', async () => {
    const key = await importJWK(signingKeys.gateway, 'EdDSA');
    const now = Math.floor(Date.now() / 1000);
    const token = (times: { iat?: number; exp: number }) => {
      const jwt = new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA', kid: 'gateway' })
        .setIssuer('sportskk:gateway')
        .setAudience('sportskk:ticketing')
        .setSubject('x')
        .setExpirationTime(times.exp);
      return (times.iat === undefined ? jwt : jwt.setIssuedAt(times.iat)).sign(key);
    };
    expect(
      await problemOf(ticketing.verify(await token({ iat: now - 90, exp: now - 60 }), ['gateway'])),
    ).toBe('expired');
    expect(await problemOf(ticketing.verify(await token({ exp: now + 30 }), ['gateway']))).toBe(
      'malformed',
    );
  });

  it('are refused unsigned, under another algorithm, with no or an unknown key id, or before their nbf; a little clock skew is let pass', async () => {
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: 'sportskk:gateway',
      aud: 'sportskk:ticketing',
      sub: 'x',
      iat: now,
      exp: now + 30,
    };
    const unsigned = `${encode({ alg: 'none', kid: 'gateway' })}.${encode(claims)}.`;
    expect(await problemOf(ticketing.verify(unsigned, ['gateway']))).toBe('bad signature');
    // The public key used as an HMAC secret: the classic algorithm confusion.
    const gatewayPem = createPublicKey({ key: publicKeys.keys[0] as JsonWebKey, format: 'jwk' })
      .export({ format: 'pem', type: 'spki' })
      .toString();
    const input = `${encode({ alg: 'HS256', kid: 'gateway' })}.${encode(claims)}`;
    const hmac = createHmac('sha256', gatewayPem).update(input).digest('base64url');
    expect(await problemOf(ticketing.verify(`${input}.${hmac}`, ['gateway']))).toBe(
      'bad signature',
    );
    const key = await importJWK(signingKeys.gateway, 'EdDSA');
    const sign = (header: { kid?: string }, extra: object = {}) =>
      new SignJWT({ ...claims, ...extra })
        .setProtectedHeader({ alg: 'EdDSA', ...header })
        .sign(key);
    expect(await problemOf(ticketing.verify(await sign({}), ['gateway']))).toBe('malformed');
    expect(await problemOf(ticketing.verify(await sign({ kid: 'nobody' }), ['gateway']))).toBe(
      'bad signature',
    );
    expect(
      await problemOf(
        ticketing.verify(await sign({ kid: 'gateway' }, { nbf: now + 60 }), ['gateway']),
      ),
    ).toBe('not yet valid');
    expect(
      await problemOf(
        ticketing.verify(await sign({ kid: 'gateway' }, { exp: now - 2 }), ['gateway']),
      ),
    ).toBe('accepted');
    expect(
      await problemOf(
        ticketing.verify(await sign({ kid: 'gateway' }, { exp: 'soon' }), ['gateway']),
      ),
    ).toBe('malformed');
  });

  it('bound to one request, are refused for any other', async () => {
    const binding = { method: 'POST', path: '/internal/tickets/t-1/count' };
    const token = await ticketing.sign('totalling', { binding });
    expect(await totalling.verify(token, ['ticketing'], binding)).toMatchObject({
      caller: 'ticketing',
    });
    for (const other of [
      { ...binding, path: '/internal/tickets/t-2/count' },
      { ...binding, path: '/internal/tickets/t-1/reverse' },
      { ...binding, method: 'GET' },
    ])
      expect(await problemOf(totalling.verify(token, ['ticketing'], other))).toBe('wrong request');
    const unbound = await ticketing.sign('totalling');
    expect(await problemOf(totalling.verify(unbound, ['ticketing'], binding))).toBe(
      'wrong request',
    );
  });

  it("are taken from a service's second key while it rotates, and only as that service's", async () => {
    const next = await generateServiceKeys();
    const rotatedKey = { ...next.signingKeys.gateway, kid: 'gateway.2' };
    const both = {
      keys: [...publicKeys.keys, { ...next.publicKeys.keys[0]!, kid: 'gateway.2' }],
    };
    const rotated = createServiceTokens({
      self: 'gateway',
      keys: { signingKey: rotatedKey, publicKeys: both },
    });
    const verifier = createServiceTokens({ self: 'ticketing', keys: { publicKeys: both } });
    expect(await verifier.verify(await rotated.sign('ticketing'), ['gateway'])).toMatchObject({
      caller: 'gateway',
    });
    const claimingTicketing = createServiceTokens({
      self: 'ticketing',
      keys: { signingKey: rotatedKey, publicKeys: both },
    });
    expect(
      await problemOf(
        createServiceTokens({ self: 'totalling', keys: { publicKeys: both } }).verify(
          await claimingTicketing.sign('totalling'),
          ['ticketing'],
        ),
      ),
    ).toBe('bad signature');
  });

  it('bound to a GraphQL operation, are refused for any other query or variables', async () => {
    const binding = {
      method: 'POST',
      path: '/graphql',
      digest: operationDigest('{ myTickets { totalCount } }', { first: 1 }),
    };
    const token = await gateway.sign('ticketing', { identity: alice, binding });
    expect(await ticketing.verify(token, ['gateway'], binding)).toMatchObject({ identity: alice });
    for (const digest of [
      operationDigest('{ tickets { totalCount } }', { first: 1 }),
      operationDigest('{ myTickets { totalCount } }', { first: 2 }),
      undefined,
    ])
      expect(await problemOf(ticketing.verify(token, ['gateway'], { ...binding, digest }))).toBe(
        'wrong request',
      );
    expect(operationDigest('{ a }', undefined)).toBe(operationDigest('{ a }', {}));
  });

  describe('kept after one check, so the same token costs no second signature check', () => {
    afterEach(() => void vi.useRealTimers());

    it('still refuse a known token once it expires, for another request, or from a caller not let in', async () => {
      vi.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const binding = { method: 'POST', path: '/graphql', digest: operationDigest('{ a }', {}) };
      const token = await gateway.sign('ticketing', { identity: alice, binding });
      expect(await ticketing.verify(token, ['gateway'], binding)).toMatchObject({
        caller: 'gateway',
      });
      expect(await problemOf(ticketing.verify(token, ['projections'], binding))).toBe(
        'wrong caller',
      );
      const other = { ...binding, digest: operationDigest('{ b }', {}) };
      expect(await problemOf(ticketing.verify(token, ['gateway'], other))).toBe('wrong request');
      vi.setSystemTime(Date.now() + 36_000); // past its 30 s and the 5 s of clock tolerance
      expect(await problemOf(ticketing.verify(token, ['gateway'], binding))).toBe('expired');
    });

    it('are signed once for the same call within 10 s, and anew after', async () => {
      vi.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
      const call = { identity: alice, binding: { method: 'POST', path: '/graphql', digest: 'x' } };
      const first = await gateway.sign('center', call);
      expect(await gateway.sign('center', call)).toBe(first);
      expect(
        await gateway.sign('center', { ...call, identity: { subject: 'bob', roles: ['buyer'] } }),
      ).not.toBe(first);
      vi.setSystemTime(Date.now() + 10_001);
      const second = await gateway.sign('center', call);
      expect(second).not.toBe(first);
      expect(
        await problemOf(
          createServiceTokens({ self: 'center', keys: { publicKeys } }).verify(
            second,
            ['gateway'],
            call.binding,
          ),
        ),
      ).toBe('accepted');
    });
  });

  it('cannot be signed by a service without a signing key', async () => {
    await expect(totalling.sign('ticketing')).rejects.toThrow(/no signing key/);
  });
});
