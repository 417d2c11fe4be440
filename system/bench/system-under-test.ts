import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '@sportskk/platform';
import { freshDatabase } from '../src/fresh-database.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SERVICES = ['gateway', 'ticketing', 'totalling', 'center', 'projections'] as const;

export interface SystemUnderTest {
  readonly ports: Record<(typeof SERVICES)[number] | 'hive', number>;
  readonly databaseUrl: string;
  readonly databaseKind: string;
  /** The pids of our processes (the services, PostgreSQL's when embedded) and of Hive Gateway's. */
  pids(): { ours: number[]; hive: number[] };
  /** The processes of each child of `npm start` by name (gateway, ticketing, …; postgres with its backends). */
  servicePids(): Record<string, number[]>;
  stop(): Promise<void>;
}

/**
 * `npm start` exactly as a user runs it (the embedded PostgreSQL in a fresh folder, or a fresh database on the
 * server at `serverUrl`), logs at their default level into `logFile`; and Hive Gateway over the same subgraphs.
 */
export async function startSystemUnderTest(
  serverUrl: string | undefined,
  logFile: string,
  extraEnv: Record<string, string> = {},
): Promise<SystemUnderTest> {
  const ports = Object.fromEntries(
    await Promise.all([...SERVICES, 'hive'].map(async (name) => [name, await freePort()])),
  ) as SystemUnderTest['ports'];
  const dataDir = mkdtempSync(join(tmpdir(), 'sportskk-bench-'));
  let database: { url: string; drop(): Promise<void> } | undefined;
  if (serverUrl) database = await freshDatabase(serverUrl, 'sportskk_bench');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    LOG_FORMAT: 'json',
    ...extraEnv,
    ...Object.fromEntries(
      SERVICES.map((name) => [`${name.toUpperCase()}_PORT`, String(ports[name])]),
    ),
  };
  delete env.DATABASE_URL;
  delete env.NODE_ENV;
  if (database) env.DATABASE_URL = database.url;
  const log = createWriteStream(logFile);
  const ours = spawn(process.execPath, ['--import', 'tsx', 'system/src/start.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  ours.stderr.pipe(log, { end: false });
  const childPids = new Map<string, number>();
  const lines = createInterface({ input: ours.stdout });
  const drained = new Promise((resolve) => lines.once('close', resolve));
  const up = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (line.includes('"service":"supervisor"') && line.includes('"pid"')) {
        const { child, pid } = JSON.parse(line) as { child?: string; pid?: number };
        if (child && pid) childPids.set(child, pid);
      }
      if (line.includes('SportsKK Federation is up.')) resolve();
    });
    ours.once('exit', (code) => reject(new Error(`npm start exited with ${code}; see ${logFile}`)));
  });
  await up;
  const record = JSON.parse(readFileSync(join(dataDir, 'supervisor.json'), 'utf8')) as {
    databaseUrl: string;
  };
  const local = (port: number, path = '') => `http://127.0.0.1:${port}${path}`;
  const hive = spawn(process.execPath, ['--import', 'tsx', 'system/bench/hive-gateway.ts'], {
    cwd: root,
    env: {
      ...env,
      GATEWAY_PORT: String(ports.hive),
      TICKETING_URL: local(ports.ticketing, '/graphql'),
      TOTALLING_URL: local(ports.totalling, '/graphql'),
      CENTER_URL: local(ports.center, '/graphql'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hive.stderr.pipe(log, { end: false });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: hive.stdout }).on('line', (line) => {
      if (line.startsWith('hive gateway listening')) resolve();
      else log.write(`${line}\n`);
    });
    hive.once('exit', (code) => reject(new Error(`Hive Gateway exited with ${code}`)));
  });
  return {
    ports,
    databaseUrl: record.databaseUrl,
    databaseKind: database ? 'PostgreSQL server' : 'embedded PostgreSQL (npm start)',
    pids: () => ({
      ours: [...childPids.values(), ...(database ? [] : descendantsOf(childPids.get('postgres')))],
      hive: hive.pid ? [hive.pid] : [],
    }),
    servicePids: () =>
      Object.fromEntries(
        [...childPids].map(([name, pid]) => [
          name,
          name === 'postgres' ? [pid, ...descendantsOf(pid)] : [pid],
        ]),
      ),
    async stop() {
      await stopProcess(hive, 'SIGTERM');
      await stopProcess(ours, 'SIGINT');
      await Promise.all([drained, closed(ours), closed(hive)]); // their last lines, then the log
      log.end();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true }); // the embedded cluster with every run's events
    },
  };
}

/** Once every stream of the process has closed. */
function closed(child: ChildProcess): Promise<void> {
  if (child.stdout?.closed !== false && child.stderr?.closed !== false) return Promise.resolve();
  return new Promise((resolve) => child.once('close', () => resolve()));
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/**
 * CPU time (user and system) a process has used so far, in ms, with that of its children that have exited (so a
 * PostgreSQL backend that ends during a measurement still counts, in its parent); 0 once it is gone.
 */
export function cpuMs(pid: number): number {
  try {
    // After the command: utime, stime, cutime and cstime are fields 14 to 17 (clock ticks of 10 ms).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return fields.slice(11, 15).reduce((sum, ticks) => sum + Number(ticks), 0) * 10;
  } catch {
    return 0;
  }
}

/** Every process below `pid` (the postmaster's backends, under the process that runs it). */
function descendantsOf(pid: number | undefined): number[] {
  if (!pid) return [];
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (of: number) => {
    for (const child of parents.get(of) ?? []) {
      found.push(child);
      walk(child);
    }
  };
  walk(pid);
  return found;
}

/**
 * Resident memory of these processes together, in MiB: each one's proportional share (PSS), so memory the
 * PostgreSQL backends share is counted once, not once per backend. Processes gone meanwhile count 0.
 */
export function memoryMiB(pids: readonly number[]): number {
  let kib = 0;
  for (const pid of pids) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      kib += Number(match?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}
