import { createLogger } from '@sportskk/platform';
import { announceAdapter } from '@sportskk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditSettled } from '../audit/audit.ts';
import { systemAuditSources } from '../audit/system-audit.ts';
import { freshDatabase } from '../fresh-database.ts';
import { startSystem, type System } from '../system.ts';
import { BUY, CANCEL, graphql, signedIn, testConfig, type TicketData } from '../testing.ts';
import { rebuildProjection } from './rebuild-projection.ts';

const serverUrl = announceAdapter('projections:rebuild on PostgreSQL server', 'DATABASE_URL');

describe.runIf(serverUrl)('rebuilding a projection while the system runs', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let config: ReturnType<typeof testConfig>;
  let system: System;
  const ids: string[] = [];

  beforeAll(async () => {
    database = await freshDatabase(serverUrl!);
    config = testConfig({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
    system = await startSystem(config);
    const alice = await signedIn('alice');
    for (let i = 1; i <= 40; i++) {
      const bought = await graphql<{ buyTicket: { ticket: TicketData } }>(
        system.urls.gateway,
        BUY,
        { input: { teamCode: i % 2 ? 'KT' : 'LG', betCredit: i } },
        alice,
      );
      ids.push(bought.data!.buyTicket.ticket.id);
    }
    for (const id of ids.slice(0, 5))
      await graphql(system.urls.gateway, CANCEL, { input: { ticketId: id } }, alice);
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
    await database?.drop();
  });

  it('rebuilds the center view and the team totals from the log, swaps them in, and reads never fail', async () => {
    const sources = await systemAuditSources(system.stores, config);
    expect((await auditSettled(sources, { waitMs: 20_000 })).differences).toEqual([]);
    // Damage both projections: a rebuild from the log repairs them.
    await system.stores.sql.query('DELETE FROM center.ticket_views WHERE id = $1', [ids[7]]);
    await system.stores.sql.query(
      'UPDATE totalling.team_totals SET total_credit = total_credit + 1',
    );
    expect((await auditSettled(sources, { waitMs: 0 })).differences.length).toBeGreaterThan(0);

    const admin = await signedIn('root', 'admin');
    let reads = 0;
    const failures: unknown[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const answer = await graphql(
          system.urls.gateway,
          '{ tickets(first: 5) { totalCount } teamTotals { teamCode totalCredit } }',
          {},
          admin,
        );
        if (answer.errors) failures.push(answer.errors);
        reads += 1;
      }
    })();
    const logger = createLogger('rebuild', 'silent');
    // In batches of 7: each is applied while the next is read.
    const view = await rebuildProjection({
      ...system.stores,
      name: 'center-ticket-view',
      logger,
      batchSize: 7,
    });
    const totals = await rebuildProjection({ ...system.stores, name: 'team-totals', logger });
    reading = false;
    await reader;

    expect(view.events).toBe(40 + 40 + 5); // purchases, approvals, cancellations
    expect(totals.events).toBe(40 + 5); // it follows purchases and cancellations
    expect(failures).toEqual([]);
    expect(reads).toBeGreaterThan(0);
    expect((await auditSettled(sources, { waitMs: 10_000 })).differences).toEqual([]);
    const schemas = await system.stores.sql.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE '%_rebuild_%' OR nspname LIKE '%_retired_%'`,
    );
    expect(schemas).toEqual([]); // nothing left behind
  });

  it('keeps projecting into the new tables after the swap', async () => {
    const bought = await graphql<{ buyTicket: { ticket: TicketData } }>(
      system.urls.gateway,
      BUY,
      { input: { teamCode: 'KT', betCredit: 777 } },
      await signedIn('bob'),
    );
    const id = bought.data!.buyTicket.ticket.id;
    const sources = await systemAuditSources(system.stores, config);
    const report = await auditSettled(sources, { waitMs: 20_000 });
    expect(report.differences).toEqual([]);
    expect(report.tickets).toBe(41);
    expect(id).toBeTruthy();
  });

  it('leaves the live projection as it was and nothing behind when a rebuild fails midway', async () => {
    const before = await system.stores.sql.query('SELECT * FROM center.ticket_views ORDER BY id');
    let reads = 0;
    const failing = Object.create(system.stores.events) as typeof system.stores.events;
    failing.readAll = (options) =>
      ++reads === 4
        ? Promise.reject(new Error('the event store went away'))
        : system.stores.events.readAll(options);
    await expect(
      rebuildProjection({
        sql: system.stores.sql,
        events: failing,
        name: 'center-ticket-view',
        logger: createLogger('rebuild', 'silent'),
        batchSize: 5,
      }),
    ).rejects.toThrow('the event store went away');
    expect(reads).toBe(4);
    expect(await system.stores.sql.query('SELECT * FROM center.ticket_views ORDER BY id')).toEqual(
      before,
    );
    const schemas = await system.stores.sql.query<{ name: string }>(
      `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE '%_rebuild_%'`,
    );
    expect(schemas).toEqual([]);
  });

  it('refuses a projection it cannot rebuild, naming those it can', async () => {
    await expect(
      rebuildProjection({
        ...system.stores,
        name: 'approval-process-manager',
        logger: createLogger('x', 'silent'),
      }),
    ).rejects.toThrow(
      /cannot be rebuilt; the projections that can: center-ticket-view, team-totals/,
    );
  });
});
