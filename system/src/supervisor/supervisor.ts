import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from '@sportskk/backoff';
import type { Logger } from '@sportskk/platform';
import { lockDataDir } from './data-dir-lock.ts';
import {
  superviseChild,
  type SupervisedChild,
  type SupervisorTimings,
} from './supervised-child.ts';
import type { LogOutput } from './log-output.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The services `npm start` runs, each its own process, with the port variable and default port it reads. */
export const SERVICES = {
  totalling: {
    main: 'subgraphs/totalling/src/main.ts',
    portVariable: 'TOTALLING_PORT',
    port: 4002,
  },
  ticketing: {
    main: 'subgraphs/ticketing/src/main.ts',
    portVariable: 'TICKETING_PORT',
    port: 4001,
  },
  center: { main: 'subgraphs/center/src/main.ts', portVariable: 'CENTER_PORT', port: 4003 },
  projections: { main: 'projections/src/main.ts', portVariable: 'PROJECTIONS_PORT', port: 4004 },
  gateway: { main: 'gateway/src/main.ts', portVariable: 'GATEWAY_PORT', port: 4000 },
} as const;
export type ServiceName = keyof typeof SERVICES;

export interface SupervisorConfig {
  readonly dataDir: string;
  /** A PostgreSQL server to use instead of the embedded one. */
  readonly databaseUrl: string | undefined;
  readonly embeddedPostgresPort: number;
  readonly ports: Record<ServiceName, number>;
  readonly timings: SupervisorTimings;
  /** How long the services get to answer /health/ready after they start. */
  readonly readyTimeoutMs: number;
  /** Node.js flags for every service process (NODE_ARGS, e.g. `--cpu-prof --cpu-prof-dir=profiles`). */
  readonly nodeArgs: readonly string[];
}

export interface RunningSystem {
  readonly databaseUrl: string;
  readonly databaseKind: string;
  readonly gatewayUrl: string;
  readonly children: readonly SupervisedChild[];
  /** Services first (together), then the database; then the data folder is free again. */
  stop(): Promise<void>;
  /** SIGKILL to every child now (a second Ctrl-C). */
  kill(): void;
}

/**
 * `npm start`: locks the data folder, starts the embedded PostgreSQL server (unless a server URL is given), then
 * every service as its own supervised process pointed at it and at each other, and waits until all are ready.
 */
export async function startSupervisedSystem(
  config: SupervisorConfig,
  env: NodeJS.ProcessEnv,
  logger: Logger,
  output: LogOutput,
): Promise<RunningSystem> {
  const lock = lockDataDir(config.dataDir);
  const children: SupervisedChild[] = [];
  const supervise = (name: string, main: string, childEnv: NodeJS.ProcessEnv) => {
    const child = superviseChild(
      { name, main: join(root, main), env: childEnv, cwd: root, nodeArgs: config.nodeArgs },
      { logger, timings: config.timings, lines: output.lines },
    );
    children.push(child);
    return child;
  };
  const stopAll = async () => {
    const database = children.find((child) => child.name === 'postgres');
    await Promise.all(children.filter((child) => child !== database).map((child) => child.stop()));
    await database?.stop();
    lock.release();
  };
  try {
    const dataDir = resolve(config.dataDir);
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const postgres = supervise('postgres', 'system/src/supervisor/postgres-main.ts', {
        ...env,
        DATA_DIR: dataDir,
        EMBEDDED_POSTGRES_PORT: String(config.embeddedPostgresPort),
      });
      databaseUrl = await urlFrom(postgres, config.readyTimeoutMs);
    }
    // For the tools that open the same stores while the system runs (npm run audit, projections:rebuild, bench).
    lock.publish({ databaseUrl, ports: config.ports });
    const serviceEnv = { ...env, ...peerEnv(config.ports), DATABASE_URL: databaseUrl };
    for (const [name, service] of Object.entries(SERVICES))
      supervise(name, service.main, serviceEnv);
    await allReady(config.ports, config.readyTimeoutMs);
    return {
      databaseUrl,
      databaseKind: config.databaseUrl ? 'PostgreSQL server' : `embedded PostgreSQL in ${dataDir}`,
      gatewayUrl: `http://localhost:${config.ports.gateway}/graphql`,
      children,
      stop: stopAll,
      kill: () => {
        for (const child of children) {
          const pid = child.pid();
          if (pid) process.kill(pid, 'SIGKILL');
        }
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Where each service finds the others, from the ports they listen on. */
function peerEnv(ports: Record<ServiceName, number>): Record<string, string> {
  const local = (service: ServiceName, path = '') => `http://127.0.0.1:${ports[service]}${path}`;
  return {
    ...Object.fromEntries(
      Object.entries(SERVICES).map(([name, service]) => [
        service.portVariable,
        String(ports[name as ServiceName]),
      ]),
    ),
    TICKETING_URL: local('ticketing', '/graphql'),
    TOTALLING_URL: local('totalling', '/graphql'),
    CENTER_URL: local('center', '/graphql'),
    TOTALLING_INTERNAL_URL: local('totalling'),
    TICKETING_INTERNAL_URL: local('ticketing'),
  };
}

/** The URL the embedded server's process reports once it is up; its failure to start fails `npm start`. */
async function urlFrom(postgres: SupervisedChild, timeoutMs: number): Promise<string> {
  const message = await Promise.race([postgres.nextMessage(), sleep(timeoutMs).then(() => 'late')]);
  const url = (message as { ready?: unknown } | undefined)?.ready;
  if (typeof url === 'string') return url;
  throw new Error(
    message === 'late'
      ? `embedded PostgreSQL not ready in ${timeoutMs} ms`
      : 'embedded PostgreSQL failed to start (its log above says why)',
  );
}

async function allReady(ports: Record<ServiceName, number>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const ready = async (service: ServiceName) => {
    const response = await fetch(`http://127.0.0.1:${ports[service]}/health/ready`).catch(
      () => undefined,
    );
    return response?.status === 200;
  };
  for (const service of Object.keys(SERVICES) as ServiceName[]) {
    while (!(await ready(service))) {
      if (Date.now() > deadline)
        throw new Error(`${service} did not become ready in ${timeoutMs} ms`);
      await sleep(100);
    }
  }
}
