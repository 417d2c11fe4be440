import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createBearerTokenVerifier, readBearerTokenSettings } from '@sportskk/identity';
import { envReader } from '@sportskk/platform';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const token = (...args: string[]) =>
  spawnSync('npm', ['run', '--silent', 'token', '--', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
// What the gateway trusts on the embedded default.
const verify = createBearerTokenVerifier(readBearerTokenSettings(envReader({}), false));

describe('npm run token', () => {
  it('prints a token of the development key that the default gateway settings accept, with the roles asked for', async () => {
    const run = token('--role', 'admin', '--role', 'buyer', '--sub', 'alice');
    expect(run.status).toBe(0);
    expect(await verify(run.stdout.trim())).toEqual({
      subject: 'alice',
      roles: ['admin', 'buyer'],
    });
  });

  it('makes a buyer token by default, living as long as asked', async () => {
    const run = token('--sub', 'bob', '--ttl', '5');
    const [, payload] = run.stdout.trim().split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as {
      exp: number;
      iat: number;
    };
    expect(claims.exp - claims.iat).toBe(5);
    expect(await verify(run.stdout.trim())).toEqual({ subject: 'bob', roles: ['buyer'] });
  });

  it.each([
    ['an unknown role', ['--role', 'root', '--sub', 'x'], /Unknown role: root/],
    ['no subject', ['--role', 'admin'], /Usage/],
    ['a bad lifetime', ['--sub', 'x', '--ttl', '-1'], /Usage/],
  ])('refuses %s with exit code 2 and the usage', (_label, args, message) => {
    const run = token(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });
});
