import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceAdapter, eventually, freePort } from '@sportskk/testing';
import {
  BUY,
  graphql,
  signedIn,
  testIdentityProvider,
  TOTALS,
  type TicketData,
} from './testing.ts';

const url = announceAdapter(
  'Deployment mode: five processes on a PostgreSQL server',
  'DATABASE_URL',
);
const SERVICES = ['totalling', 'ticketing', 'center', 'projections', 'gateway'] as const;
const root = fileURLToPath(new URL('../..', import.meta.url));

describe.skipIf(!url)('each service as its own process, as deployed', () => {
  const database = `sportskk_e2e_${randomBytes(5).toString('hex')}`;
  const processes = new Map<string, ChildProcess>();
  const exits = new Map<string, number | null>();
  let ports: Record<(typeof SERVICES)[number], number>;
  let admin: pg.Client;
  let identities: Awaited<ReturnType<typeof testIdentityProvider>>;

  beforeAll(async () => {
    identities = await testIdentityProvider();
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    const databaseUrl = new URL(url!);
    databaseUrl.pathname = `/${database}`;
    ports = {
      totalling: await freePort(),
      ticketing: await freePort(),
      center: await freePort(),
      projections: await freePort(),
      gateway: await freePort(),
    };
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      ...identities.env,
      SERVICE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl.toString(),
      GATEWAY_PORT: String(ports.gateway),
      TICKETING_PORT: String(ports.ticketing),
      TOTALLING_PORT: String(ports.totalling),
      CENTER_PORT: String(ports.center),
      PROJECTIONS_PORT: String(ports.projections),
      TICKETING_URL: `http://127.0.0.1:${ports.ticketing}/graphql`,
      TOTALLING_URL: `http://127.0.0.1:${ports.totalling}/graphql`,
      CENTER_URL: `http://127.0.0.1:${ports.center}/graphql`,
      TOTALLING_INTERNAL_URL: `http://127.0.0.1:${ports.totalling}`,
      TICKETING_INTERNAL_URL: `http://127.0.0.1:${ports.ticketing}`,
    };
    for (const service of SERVICES) {
      // As deployed: the root script `npm run start:<service>`, which passes signals on to the service.
      // Its own process group, so a failed run can kill npm and the service together.
      const child = spawn('npm', ['run', '--silent', `start:${service}`], {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
        detached: true,
      });
      child.on('exit', (code) => exits.set(service, code));
      processes.set(service, child);
    }
    await eventually(
      async () => {
        for (const service of SERVICES)
          expect(
            (await fetch(`http://127.0.0.1:${ports[service]}/health/ready`)).status,
            service,
          ).toBe(200);
      },
      90_000,
      250,
    );
  }, 120_000);

  afterAll(async () => {
    for (const child of processes.values())
      if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  it('buys through the gateway, totals and view follow, introspection is off', async () => {
    const gateway = `http://127.0.0.1:${ports.gateway}/graphql`;
    const buyer = await identities.signedIn('alice');
    const operator = await identities.signedIn('root', 'admin');
    const bought = await graphql<{ buyTicket: { ticket: TicketData } }>(
      gateway,
      BUY,
      { input: { teamCode: 'SS', betCredit: 4321 } },
      { 'x-correlation-id': 'deployed-1', ...buyer },
    );
    expect(bought.data!.buyTicket.ticket.status).toBe('APPROVED');
    await eventually(async () => {
      const { data } = await graphql<{
        teamTotals: Array<{ teamCode: string; totalCredit: number }>;
        tickets: {
          totalCount: number;
          edges: Array<{ node: { history: Array<{ correlationId: string }> } }>;
        };
      }>(
        gateway,
        `
          {
            teamTotals {
              teamCode
              totalCredit
            }
            tickets {
              totalCount
              edges {
                node {
                  history {
                    correlationId
                  }
                }
              }
            }
          }
        `,
        {},
        operator,
      );
      expect(data!.teamTotals.find((team) => team.teamCode === 'SS')!.totalCredit).toBe(4321);
      expect(data!.tickets.totalCount).toBe(1);
      expect(data!.tickets.edges[0]!.node.history.map((entry) => entry.correlationId)).toEqual([
        'deployed-1',
        'deployed-1',
      ]);
    });
    const introspection = await graphql(gateway, '{ __schema { types { name } } }', {}, operator);
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    expect((await graphql(gateway, TOTALS, {}, buyer)).errors).toBeUndefined();
    const anonymous = await graphql(gateway, TOTALS);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const developmentKey = await graphql(gateway, TOTALS, {}, await signedIn('alice'));
    expect(developmentKey.status).toBe(401);
    expect(developmentKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('drains and exits 0 on SIGTERM', async () => {
    for (const child of processes.values()) child.kill('SIGTERM');
    await eventually(() => expect(exits.size).toBe(SERVICES.length), 30_000, 100);
    expect(Object.fromEntries(exits)).toEqual(
      Object.fromEntries(SERVICES.map((service) => [service, 0])),
    );
  });
});
