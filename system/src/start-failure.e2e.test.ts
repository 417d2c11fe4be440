import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startSystem } from './system.ts';
import { testConfig } from './testing.ts';

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('a start that fails midway', () => {
  it('stops what it had started and releases the embedded database', async () => {
    const probe = await listen(0);
    const totallingPort = (probe.address() as { port: number }).port;
    await close(probe);
    const blocker = await listen(0);
    const takenPort = (blocker.address() as { port: number }).port;
    const config = testConfig({
      TOTALLING_PORT: String(totallingPort),
      TICKETING_PORT: String(takenPort),
    });

    await expect(startSystem(config)).rejects.toThrow(/EADDRINUSE/);
    await close(await listen(totallingPort)); // totalling, started first, no longer holds its port
    await close(blocker);
    const system = await startSystem(testConfig({ DATA_DIR: config.ticketing.eventLog.dataDir })); // the data folder is free again
    await system.stop();
  });
});

describe('a production start with development credentials', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const start = (script: string, env: Record<string, string> = {}) =>
    spawnSync('npm', ['run', '--silent', script], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        ...env,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('refuses to start the gateway on the development keys and issuer, naming each variable', () => {
    const run = start('start:gateway');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(
      /AUTH_PUBLIC_KEY \(or AUTH_JWKS_URL\): production refuses the development key/,
    );
    expect(run.stderr).toMatch(/AUTH_ISSUER: production refuses the development issuer/);
    expect(run.stderr).toMatch(/SERVICE_PUBLIC_KEYS: production refuses the development keys/);
    expect(run.stderr).toMatch(/GATEWAY_SIGNING_KEY: production refuses the development key/);
  });

  it('refuses to start a subgraph on the development service keys', () => {
    const run = start('start:ticketing');
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/SERVICE_PUBLIC_KEYS: production refuses the development keys/);
    expect(run.stderr).toMatch(/TICKETING_SIGNING_KEY: production refuses the development key/);
  });
});
