import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, freePort } from '@sportskk/testing';
import { BUY, graphql, signedIn } from '../testing.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const CHILDREN = ['postgres', 'totalling', 'ticketing', 'center', 'projections', 'gateway'];

/** `npm start` as a person runs it, its JSON log lines collected. */
interface NpmStart {
  readonly npm: ChildProcess;
  readonly lines: Array<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
  /** The pid each child last started with, from the supervisor's log. */
  pids(): Map<string, number>;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sportskk-npm-start-'));
const ports = Object.fromEntries(
  await Promise.all(
    ['GATEWAY', 'TICKETING', 'TOTALLING', 'CENTER', 'PROJECTIONS'].map(async (service) => [
      `${service}_PORT`,
      String(await freePort()),
    ]),
  ),
) as Record<string, string>;
const gateway = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
const started: NpmStart[] = [];

async function npmStart(): Promise<NpmStart> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...ports,
    DATA_DIR: dataDir,
    LOG_FORMAT: 'json',
    HOST: '127.0.0.1',
  };
  delete env.DATABASE_URL; // the embedded default
  delete env.NODE_ENV;
  const npm = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: Array<Record<string, unknown>> = [];
  let up!: () => void;
  const isUp = new Promise<void>((resolve) => (up = resolve));
  createInterface({ input: npm.stdout! }).on('line', (line) => {
    if (line.startsWith('{')) lines.push(JSON.parse(line) as Record<string, unknown>);
    if (line.includes('SportsKK Federation is up.')) up();
  });
  const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve));
  const start: NpmStart = {
    npm,
    lines,
    exited,
    pids: () => {
      const pids = new Map<string, number>();
      for (const line of lines)
        if (line.service === 'supervisor' && typeof line.pid === 'number' && line.child)
          pids.set(line.child as string, line.pid);
      return pids;
    },
  };
  started.push(start);
  const tail = () =>
    lines
      .slice(-20)
      .map((line) => JSON.stringify(line))
      .join('\n');
  await Promise.race([
    isUp,
    exited.then((code) => Promise.reject(new Error(`npm start exited with ${code}:\n${tail()}`))),
    sleep(90_000).then(() => Promise.reject(new Error(`npm start not up in 90 s:\n${tail()}`))),
  ]);
  return start;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const postmasterPid = () =>
  Number(readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
const buy = async (buyer: string) =>
  graphql<{ buyTicket: { ticket: { id: string; status: string } } }>(
    gateway,
    BUY,
    { input: { teamCode: 'KT', betCredit: 1000 } },
    await signedIn(buyer),
  );

/** `npm run audit` on the same data folder: the running embedded server, or the same cluster started for it. */
const audit = () => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync('npm', ['run', '--silent', 'audit'], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
};

afterAll(() => {
  for (const { npm } of started) if (npm.exitCode === null) npm.kill('SIGKILL');
  // A supervisor left by a failed test: its children follow it when its IPC channels close.
  if (existsSync(join(dataDir, 'supervisor.json'))) {
    const { pid } = JSON.parse(readFileSync(join(dataDir, 'supervisor.json'), 'utf8')) as {
      pid: number;
    };
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
});

describe('npm start', () => {
  let ticketId = '';

  it('runs each service in its own process on the embedded PostgreSQL, and restarts one that crashes', async () => {
    const system = await npmStart();
    const pids = system.pids();
    expect([...pids.keys()].sort()).toEqual([...CHILDREN].sort());
    expect(new Set(pids.values()).size).toBe(CHILDREN.length);
    expect(alive(postmasterPid())).toBe(true);
    const bought = await buy('alice');
    expect(bought.errors).toBeUndefined();
    ticketId = bought.data!.buyTicket.ticket.id;
    // The services reach the server through its Unix socket (no client address), none over TCP.
    const { databaseUrl } = JSON.parse(readFileSync(join(dataDir, 'supervisor.json'), 'utf8')) as {
      databaseUrl: string;
    };
    expect(new URL(databaseUrl).searchParams.get('host')).toBe(join(dataDir, 'postgres'));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ socket: number; tcp: number }>(
      `SELECT count(*) FILTER (WHERE client_addr IS NULL)::int AS socket,
              count(*) FILTER (WHERE client_addr IS NOT NULL)::int AS tcp
         FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
    );
    await client.end();
    expect(rows[0]!.socket).toBeGreaterThanOrEqual(5);
    expect(rows[0]!.tcp).toBe(0);

    const crashed = pids.get('ticketing')!;
    process.kill(crashed, 'SIGKILL');
    await eventually(() => expect(system.pids().get('ticketing')).not.toBe(crashed), 10_000, 50);
    expect(system.lines).toContainEqual(
      expect.objectContaining({
        child: 'ticketing',
        signal: 'SIGKILL',
        msg: 'ticketing exited; restarting',
      }),
    );
    // The gateway reaches the new ticketing once it is up; the purchase goes through again.
    await eventually(async () => expect((await buy('alice')).errors).toBeUndefined(), 60_000, 200);
  });

  it('stops every process on Ctrl-C and exits 0, leaving no postgres or node behind', async () => {
    const system = started.at(-1)!;
    const pids = [...system.pids().values(), postmasterPid()];
    system.npm.kill('SIGINT');
    expect(await system.exited).toBe(0);
    for (const pid of pids) expect(alive(pid), `pid ${pid}`).toBe(false);
    expect(existsSync(join(dataDir, 'supervisor.json'))).toBe(false);
    expect(system.lines).toContainEqual(
      expect.objectContaining({ service: 'gateway', msg: 'gateway stopped' }),
    );
    const stopped = audit(); // starts the cluster for itself, and stops it again
    expect(stopped.stdout).toMatch(/audit: \d+ ticket events, 2 tickets[\s\S]*audit: clean/);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
  });

  it('starts again after everything was killed with SIGKILL, with the data kept, and refuses a second start meanwhile', async () => {
    const killed = await npmStart();
    const record = JSON.parse(readFileSync(join(dataDir, 'supervisor.json'), 'utf8')) as {
      pid: number;
    };
    const supervisor = record.pid;
    const pids = [supervisor, ...killed.pids().values(), postmasterPid()];
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await eventually(() => expect(pids.filter(alive)).toEqual([]), 10_000, 50);
    expect(existsSync(join(dataDir, 'supervisor.json'))).toBe(true); // stale: its process is gone

    const system = await npmStart();
    const mine = await graphql<{ myTickets: { edges: Array<{ node: { id: string } }> } }>(
      gateway,
      '{ myTickets { edges { node { id } } } }',
      {},
      await signedIn('alice'),
    );
    expect(mine.data?.myTickets.edges.map((edge) => edge.node.id)).toContain(ticketId);

    // A second npm start on the same data folder is refused while this one runs.
    const env = { ...process.env, DATA_DIR: dataDir, LOG_FORMAT: 'json', GATEWAY_PORT: '0' };
    const second = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    second.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => second.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/is in use by another npm start \(pid \d+\)/);
    expect((await buy('bob')).errors).toBeUndefined(); // the running one is untouched
    const running = audit();
    expect(running.stdout, running.stderr).toMatch(/audit: clean/);
    system.npm.kill('SIGINT');
    expect(await system.exited).toBe(0);
  });
});
