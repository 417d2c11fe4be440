import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { type TokenRefused } from './identity.ts';
import { createServiceTokens } from './service-tokens.ts';

const secret = 'a-shared-secret-of-at-least-32-characters';
const gateway = createServiceTokens({ secret, self: 'gateway' });
const ticketing = createServiceTokens({ secret, self: 'ticketing' });
const totalling = createServiceTokens({ secret, self: 'totalling' });
const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: TokenRefused) => error.problem,
  );

describe('service tokens', () => {
  it('carry the caller and the end user it acts for to the service they are for', async () => {
    const token = await gateway.sign('ticketing', { subject: 'alice', roles: ['buyer'] });
    expect(await ticketing.verify(token, ['gateway'])).toEqual({
      caller: 'gateway',
      identity: { subject: 'alice', roles: ['buyer'] },
    });
    expect(await totalling.verify(await ticketing.sign('totalling'), ['ticketing'])).toEqual({
      caller: 'ticketing',
      identity: undefined,
    });
  });

  it('are refused by another service, from a caller not let in, with another secret, or once expired', async () => {
    const forTicketing = await gateway.sign('ticketing', { subject: 'alice', roles: ['admin'] });
    expect(await problemOf(totalling.verify(forTicketing, ['gateway']))).toBe('wrong audience');
    expect(await problemOf(ticketing.verify(forTicketing, ['projections']))).toBe('wrong caller');
    const forged = createServiceTokens({
      secret: 'another-secret-of-at-least-32-characters!',
      self: 'gateway',
    });
    expect(await problemOf(ticketing.verify(await forged.sign('ticketing'), ['gateway']))).toBe(
      'bad signature',
    );
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('sportskk:gateway')
      .setAudience('sportskk:ticketing')
      .setSubject('x')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    expect(await problemOf(ticketing.verify(expired, ['gateway']))).toBe('expired');
    expect(await problemOf(ticketing.verify('not.a.token', ['gateway']))).toBe('malformed');
  });
});
