import { describe, expect, it } from 'vitest';
import { tokenProblem } from './session.ts';

const base64url = (text: string) =>
  btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const jwt = (claims: object) =>
  [base64url('{"alg":"ES256"}'), base64url(JSON.stringify(claims)), 'sig'].join('.');
const now = Date.UTC(2026, 11, 1);
const inTenMinutes = now / 1000 + 600;

describe('tokenProblem (a hint before the gateway decides)', () => {
  it('accepts an unexpired token with the admin role, by scope or roles', () => {
    expect(tokenProblem(jwt({ scope: 'buyer admin', exp: inTenMinutes }), now)).toBeUndefined();
    expect(tokenProblem(jwt({ roles: ['admin'] }), now)).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(tokenProblem('not-a-token', now)).toMatch(/not a JWT/);
    expect(tokenProblem('a.%%%.c', now)).toMatch(/no readable payload/);
    expect(tokenProblem(jwt({ scope: 'admin', exp: now / 1000 - 1 }), now)).toMatch(/expired/);
    expect(tokenProblem(jwt({ scope: 'buyer', exp: inTenMinutes }), now)).toMatch(/admin role/);
    // As the gateway reads it: a scope string wins over a roles list.
    expect(tokenProblem(jwt({ scope: 'buyer', roles: ['admin'] }), now)).toMatch(/admin role/);
  });
});
