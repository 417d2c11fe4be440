import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, freePort } from '@sportskk/testing';
import { freshDatabase } from './fresh-database.ts';
import { serviceKeysEnv, testIdentityProvider } from './testing.ts';

export const SERVICES = ['totalling', 'ticketing', 'center', 'projections', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Deployment {
  readonly ports: Record<ServiceName, number>;
  readonly gateway: string;
  /** The environment every service runs with (production mode, a database of its own). */
  readonly env: Record<string, string>;
  readonly identities: Awaited<ReturnType<typeof testIdentityProvider>>;
  /** Exit codes of services that have exited, by name. */
  readonly exits: Map<ServiceName, number | null>;
  start(service: ServiceName): void;
  /** SIGKILL to the service and everything it started (npm and node); resolves once its port is closed. */
  kill(service: ServiceName): Promise<void>;
  /** SIGTERM to npm alone, as a container runtime sends it; resolves with the exit code. */
  terminate(service: ServiceName): Promise<number | null>;
  /** Resolves once every named service answers /health/ready. */
  ready(services?: readonly ServiceName[]): Promise<void>;
  /** Kills what still runs and drops the database. */
  dispose(): Promise<void>;
}

export interface DeploymentOptions {
  /** Ports to use instead of free ones. */
  readonly ports?: Partial<Record<ServiceName, number>>;
  /** Changes to the environment, e.g. where ticketing reaches totalling. */
  readonly env?: Record<string, string>;
  /** Where each service's JSON log goes (`<service>.log`, appended); default DEPLOYMENT_LOG_DIR, else nowhere. */
  readonly logDir?: string;
}

/**
 * The five services as deployed: each `npm run start:<service>` in production mode, its own process group, on a
 * fresh database of the PostgreSQL server at `serverUrl`.
 */
export async function startDeployment(
  serverUrl: string,
  options: DeploymentOptions = {},
): Promise<Deployment> {
  const database = await freshDatabase(serverUrl);
  const ports = Object.fromEntries(
    await Promise.all(
      SERVICES.map(async (service) => [service, options.ports?.[service] ?? (await freePort())]),
    ),
  ) as Record<ServiceName, number>;
  const identities = await testIdentityProvider();
  const local = (service: ServiceName, path = '') => `http://127.0.0.1:${ports[service]}${path}`;
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    ...identities.env,
    ...(await serviceKeysEnv()),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Long enough for a test to see readiness turn 503 while the API still answers.
    SHUTDOWN_DELAY_MS: '3000',
    DATABASE_URL: database.url,
    GATEWAY_PORT: String(ports.gateway),
    TICKETING_PORT: String(ports.ticketing),
    TOTALLING_PORT: String(ports.totalling),
    CENTER_PORT: String(ports.center),
    PROJECTIONS_PORT: String(ports.projections),
    TICKETING_URL: local('ticketing', '/graphql'),
    TOTALLING_URL: local('totalling', '/graphql'),
    CENTER_URL: local('center', '/graphql'),
    TOTALLING_INTERNAL_URL: local('totalling'),
    TICKETING_INTERNAL_URL: local('ticketing'),
    ...options.env,
  };
  const logDir = options.logDir ?? process.env.DEPLOYMENT_LOG_DIR;
  if (logDir) mkdirSync(logDir, { recursive: true });
  const processes = new Map<ServiceName, ChildProcess>();
  const exits = new Map<ServiceName, number | null>();

  const start = (service: ServiceName) => {
    exits.delete(service);
    // As deployed: the root script, which passes signals on. Its own process group, so a kill takes npm and node.
    const log = logDir ? openSync(join(logDir, `${service}.log`), 'a') : 'ignore';
    const child = spawn('npm', ['run', '--silent', `start:${service}`], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', log, 'inherit'],
      detached: true,
    });
    if (typeof log === 'number') closeSync(log);
    child.on('exit', (code) => {
      if (processes.get(service) === child) exits.set(service, code);
    });
    processes.set(service, child);
  };
  const running = (service: ServiceName) => {
    const child = processes.get(service);
    return child && child.exitCode === null && child.signalCode === null ? child : undefined;
  };
  const deployment: Deployment = {
    ports,
    gateway: local('gateway', '/graphql'),
    env,
    identities,
    exits,
    start,
    async terminate(service) {
      const child = running(service);
      if (!child) return exits.get(service) ?? null;
      const code = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return code;
    },
    async kill(service) {
      const child = running(service);
      if (!child?.pid) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGKILL');
      await gone;
      // npm is gone; the service under it goes with the group, and its port closes.
      await eventually(
        async () => {
          const answered = await fetch(`${local(service)}/health/live`).then(
            () => true,
            () => false,
          );
          if (answered) throw new Error(`${service} still answers`);
        },
        10_000,
        50,
      );
    },
    async ready(services = SERVICES) {
      await eventually(
        async () => {
          for (const service of services) {
            const status = await fetch(`${local(service)}/health/ready`).then(
              (response) => response.status,
              () => 0,
            );
            if (status !== 200) throw new Error(`${service} is not ready (${status})`);
          }
        },
        90_000,
        100,
      );
    },
    async dispose() {
      for (const service of SERVICES) {
        const child = running(service);
        if (child?.pid) process.kill(-child.pid, 'SIGKILL');
      }
      await database.drop();
    },
  };
  for (const service of SERVICES) start(service);
  return deployment;
}
