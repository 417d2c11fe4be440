import { randomBytes, randomUUID } from 'node:crypto';
import type { TicketToTotal } from '@sportskk/contracts';
import {
  createPgliteSqlClient,
  openEmbeddedDatabase,
  openSqlClient,
  type SqlClient,
} from '@sportskk/sql';
import { announceAdapter, announceAlways } from '@sportskk/testing';
import { createTotallingStore } from '../adapters/postgres/postgres-totalling-store.ts';
import { recordTicket } from '../app/record-ticket.ts';
import { statusOf, type TicketTotallingStatus } from '../domain/ticket-totalling.ts';
import type { TotallingStore } from '../ports/totalling-store.ts';

export interface OpenedTotallingStore {
  readonly store: TotallingStore;
  readonly sql: SqlClient;
  readonly schema: string;
  close(): Promise<void>;
}

export interface DatabaseUnderTest {
  readonly name: string;
  /** 'embedded' has one connection: transactions never overlap there. */
  readonly kind: 'embedded' | 'server';
  readonly skip: boolean;
  open(): Promise<OpenedTotallingStore>;
}

/**
 * The databases a suite runs on: PGlite in memory always; the PostgreSQL server when DATABASE_URL is set,
 * in a random schema dropped on close. Says which ran and which were skipped.
 */
export function databasesUnderTest(suite: string): DatabaseUnderTest[] {
  announceAlways(`${suite} on PostgreSQL embedded (PGlite)`);
  const url = announceAdapter(`${suite} on PostgreSQL server (pg)`, 'DATABASE_URL');
  return [
    { name: 'PGlite (embedded)', kind: 'embedded', skip: false, open: openEmbeddedStore },
    { name: 'PostgreSQL server', kind: 'server', skip: !url, open: () => openServerStore(url!) },
  ];
}

async function openEmbeddedStore(): Promise<OpenedTotallingStore> {
  const database = await openEmbeddedDatabase();
  const sql = createPgliteSqlClient(database.db);
  const store = await createTotallingStore(sql, { eventStore: 'postgres' });
  return { store, sql, schema: 'totalling', close: () => database.close() };
}

async function openServerStore(url: string): Promise<OpenedTotallingStore> {
  const schema = `totalling_test_${randomBytes(6).toString('hex')}`;
  const opened = await openSqlClient({ databaseUrl: url, dataDir: 'unused', poolSize: 20 });
  try {
    const store = await createTotallingStore(opened.sql, { eventStore: 'postgres', schema });
    return {
      store,
      sql: opened.sql,
      schema,
      async close() {
        await opened.sql.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await opened.close();
      },
    };
  } catch (error) {
    await opened.sql.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await opened.close();
    throw error;
  }
}

export interface InvariantReport {
  /** Totals recomputed from the ticket records. */
  readonly expected: Record<string, { totalCredit: number; ticketCount: number }>;
  /** The team_totals table, teams with zero rows left out on both sides. */
  readonly stored: Record<string, { totalCredit: number; ticketCount: number }>;
}

/** Per team: totals in team_totals versus totals recomputed from the records that are counted and not reversed. */
export async function checkInvariant(opened: OpenedTotallingStore): Promise<InvariantReport> {
  const s = `"${opened.schema}"`;
  type Row = { team_code: string; total_credit: string; ticket_count: number | string };
  const toMap = (rows: Row[]) =>
    Object.fromEntries(
      rows
        .filter((row) => Number(row.ticket_count) !== 0 || Number(row.total_credit) !== 0)
        .map((row) => [
          row.team_code,
          { totalCredit: Number(row.total_credit), ticketCount: Number(row.ticket_count) },
        ]),
    );
  const expected = await opened.sql
    .query<Row>(`SELECT team_code, sum(bet_credit)::text AS total_credit, count(*)::int AS ticket_count
    FROM ${s}.ticket_totalling WHERE counted_at IS NOT NULL AND reversed_at IS NULL GROUP BY team_code`);
  const stored = await opened.sql.query<Row>(
    `SELECT team_code, total_credit::text AS total_credit, ticket_count FROM ${s}.team_totals`,
  );
  return { expected: toMap(expected), stored: toMap(stored) };
}

/** A fresh ticket with defaults; override what the test is about. */
export function aTicket(
  overrides: { ticketId?: string; teamCode?: string; betCredit?: number } = {},
): TicketToTotal {
  return {
    ticketId: overrides.ticketId ?? randomUUID(),
    teamCode: overrides.teamCode ?? 'KT',
    betCredit: overrides.betCredit ?? 100,
  };
}

/** Team codes of one test only, so tests sharing a database do not see each other's totals. */
export const freshTeams = (n: number) =>
  Array.from({ length: n }, () => `T${randomBytes(4).toString('hex').toUpperCase()}`);

export const count = (store: TotallingStore, ticket: TicketToTotal, at: Date) =>
  recordTicket(store, 'count', ticket, at);
export const reverse = (store: TotallingStore, ticket: TicketToTotal, at: Date) =>
  recordTicket(store, 'reverse', ticket, at);

/** What totalling says of a ticket; undefined when it has no record. */
export async function recordOf(
  store: TotallingStore,
  ticketId: string,
): Promise<TicketTotallingStatus | undefined> {
  const record = (await store.ticketRecords([ticketId])).get(ticketId);
  return record && statusOf(record);
}
