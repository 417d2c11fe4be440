import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createBearerTokenVerifier,
  readBearerTokenSettings,
  readServiceKeys,
} from '@sportskk/identity';
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

describe('npm run service-keys', () => {
  it('prints fresh service keys that a production start takes, and different ones each time', () => {
    const print = () =>
      spawnSync('npm', ['run', '--silent', 'service-keys'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 60_000,
      });
    const env = (output: string) =>
      Object.fromEntries(
        output
          .split('\n')
          .filter((line) => /^[A-Z_]+='/.test(line))
          .map((line) => {
            const [name, ...value] = line.split('=');
            return [name!, value.join('=').slice(1, -1)];
          }),
      );
    const first = print();
    expect(first.status).toBe(0);
    const keys = env(first.stdout);
    expect(Object.keys(keys).sort()).toEqual([
      'GATEWAY_SIGNING_KEY',
      'PROJECTIONS_SIGNING_KEY',
      'SERVICE_PUBLIC_KEYS',
      'TICKETING_SIGNING_KEY',
    ]);
    for (const service of ['gateway', 'ticketing', 'totalling', 'center', 'projections']) {
      const reader = envReader(keys);
      readServiceKeys(reader, true, service);
      expect(() => reader.done(null), service).not.toThrow();
    }
    expect(env(print().stdout).SERVICE_PUBLIC_KEYS).not.toBe(keys.SERVICE_PUBLIC_KEYS);
  });
});
