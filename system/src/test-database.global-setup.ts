import { fork } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@sportskk/platform';

const SERVER_MAIN = fileURLToPath(new URL('./supervisor/postgres-main.ts', import.meta.url));
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

/**
 * Vitest global setup: the PostgreSQL-server suites run on every machine. With DATABASE_URL unset, one embedded
 * PostgreSQL (the server `npm start` runs) is started for the whole run in a temporary folder, and the test
 * processes get its URL. It runs in a child process of its own, as under `npm start`: it stops when the run ends or
 * is killed (its IPC channel closes), and its exit hooks cannot change the run's exit code.
 */
export default async function testDatabase(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_URL) return undefined;
  const dataDir = await mkdtemp(join(tmpdir(), 'sportskk-test-postgres-'));
  const server = fork(SERVER_MAIN, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  /** Asks the server to stop; if it has not in STOP_TIMEOUT_MS, kills it and the postmaster it started. */
  const stop = async (signal: NodeJS.Signals) => {
    server.kill(signal);
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), STOP_TIMEOUT_MS).unref()),
    ]);
    if (!stopped) server.kill('SIGKILL');
    const pid = Number(
      (await readFile(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split(
        '\n',
      )[0],
    );
    if (Number.isSafeInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    process.env.DATABASE_URL = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the test PostgreSQL did not start in ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      // Over TCP, as the machine's own server would be: some suites put a proxy in between to cut connections.
      server.once('message', (message: { tcp?: string }) => {
        clearTimeout(timer);
        if (message.tcp) resolve(message.tcp);
        else reject(new Error(`the test PostgreSQL said ${JSON.stringify(message)}`));
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the test PostgreSQL exited (${code}) before it was ready`));
      });
    });
  } catch (error) {
    await stop('SIGKILL');
    throw error;
  }
  console.warn(
    `[test database] DATABASE_URL unset: an embedded PostgreSQL serves this run (${dataDir})`,
  );
  return () => stop('SIGTERM');
}
