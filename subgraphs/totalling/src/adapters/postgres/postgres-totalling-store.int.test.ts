import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTicket, recordTickets } from '../../app/record-ticket.ts';
import {
  aTicket,
  checkInvariant,
  count,
  databasesUnderTest,
  freshTeams,
  recordOf,
  reverse,
  type OpenedTotallingStore,
} from '../../testing/databases.ts';
import { migrate } from '@sportskk/sql';
import { eventually } from '@sportskk/testing';
import type { TotallingStore } from '../../ports/totalling-store.ts';
import { totallingMigrations } from './migrations.ts';
import { createTotallingStore } from './postgres-totalling-store.ts';

const at = new Date('2026-01-01T12:00:00.000Z');
const later = new Date('2026-01-01T13:00:00.000Z');
const position = (n: bigint) => ({ transaction: n, sequence: n });
/** `store`, counting the transactions it opens. */
const countingTransactions = (store: TotallingStore) => {
  const counted = { transactions: 0, store };
  counted.store = {
    ...store,
    transaction: (work) => (counted.transactions++, store.transaction(work)),
  };
  return counted;
};

for (const database of databasesUnderTest('totalling store')) {
  describe.skipIf(database.skip)(`totalling store on ${database.name}`, () => {
    let opened: OpenedTotallingStore;
    beforeAll(async () => void (opened = await database.open()));
    afterAll(async () => opened?.close());
    const totalsOf = async (teamCode: string) => (await opened.store.teamTotals([teamCode]))[0];

    it('counts a ticket once however often it is counted', async () => {
      const [team] = freshTeams(1);
      const ticket = aTicket({ teamCode: team, betCredit: 300 });
      expect((await count(opened.store, ticket, at)).effect).toBe('counted');
      expect((await count(opened.store, ticket, later)).effect).toBe('already-counted');
      expect((await count(opened.store, { ...ticket, betCredit: 999 }, later)).effect).toBe(
        'already-counted',
      );
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 300, ticketCount: 1 });
      expect(await recordOf(opened.store, ticket.ticketId)).toEqual({
        counted: true,
        countedAt: at,
        reversedAt: null,
      });
    });

    it('reverses a counted ticket once, subtracting what was counted', async () => {
      const [team, other] = freshTeams(2);
      const ticket = aTicket({ teamCode: team, betCredit: 300 });
      await count(opened.store, ticket, at);
      await count(opened.store, aTicket({ teamCode: team, betCredit: 50 }), at);
      expect(
        (await reverse(opened.store, { ...ticket, teamCode: other!, betCredit: 1 }, later)).effect,
      ).toBe('reversed');
      expect((await reverse(opened.store, ticket, later)).effect).toBe('already-reversed');
      expect(await opened.store.teamTotals([team!, other!])).toEqual([
        { teamCode: team, totalCredit: 50, ticketCount: 1 },
        { teamCode: other, totalCredit: 0, ticketCount: 0 },
      ]);
      expect(await recordOf(opened.store, ticket.ticketId)).toEqual({
        counted: false,
        countedAt: at,
        reversedAt: later,
      });
    });

    it('keeps a ticket reversed before its count out of the totals for good', async () => {
      const [team] = freshTeams(1);
      const ticket = aTicket({ teamCode: team });
      expect((await reverse(opened.store, ticket, at)).effect).toBe('reversed-before-count');
      expect((await count(opened.store, ticket, later)).effect).toBe('already-reversed');
      expect((await reverse(opened.store, ticket, later)).effect).toBe('already-reversed');
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 0, ticketCount: 0 });
      expect(await recordOf(opened.store, ticket.ticketId)).toEqual({
        counted: false,
        countedAt: null,
        reversedAt: at,
      });
    });

    it('answers zeros in the order asked for teams without tickets, and undefined for unseen tickets', async () => {
      const teams = freshTeams(3);
      await count(opened.store, aTicket({ teamCode: teams[1], betCredit: 7 }), at);
      expect(await opened.store.teamTotals(teams)).toEqual([
        { teamCode: teams[0], totalCredit: 0, ticketCount: 0 },
        { teamCode: teams[1], totalCredit: 7, ticketCount: 1 },
        { teamCode: teams[2], totalCredit: 0, ticketCount: 0 },
      ]);
      expect(await opened.store.teamTotals([])).toEqual([]);
      expect(await recordOf(opened.store, aTicket().ticketId)).toBeUndefined();
    });

    it('reads many ticket records in one call', async () => {
      const counted = aTicket();
      const reversed = aTicket();
      await count(opened.store, counted, at);
      await reverse(opened.store, reversed, at);
      const records = await opened.store.ticketRecords([
        counted.ticketId,
        reversed.ticketId,
        aTicket().ticketId,
        counted.ticketId,
      ]);
      expect([...records.keys()].sort()).toEqual([counted.ticketId, reversed.ticketId].sort());
      expect(records.get(counted.ticketId)).toEqual({
        ...counted,
        countedAt: at,
        reversedAt: null,
      });
      expect(records.get(reversed.ticketId)).toEqual({
        ...reversed,
        countedAt: null,
        reversedAt: at,
      });
      expect(await opened.store.ticketRecords([])).toEqual(new Map());
    });

    it('keeps totals exact under 200 concurrent counts over 4 teams with duplicate deliveries and racing reversals', async () => {
      const teams = freshTeams(4);
      const tickets = Array.from({ length: 200 }, (_, i) =>
        aTicket({ teamCode: teams[i % 4], betCredit: 1 + ((i * 37) % 500) }),
      );
      const cancelled = new Set(
        tickets.filter((_, i) => i % 5 === 0).map((ticket) => ticket.ticketId),
      );
      const calls = tickets.flatMap((ticket) => {
        const counts = [0, 1, 2].map(() => () => count(opened.store, ticket, at));
        const reversals = cancelled.has(ticket.ticketId)
          ? [0, 1].map(() => () => reverse(opened.store, ticket, later))
          : [];
        return [...counts, ...reversals];
      });
      // Shuffled so reversals sometimes come before, sometimes after, sometimes between the counts.
      const shuffled = calls
        .map((call) => ({ call, order: Math.random() }))
        .sort((a, b) => a.order - b.order);
      const decisions = await Promise.all(shuffled.map(({ call }) => call()));

      const expected = teams.map((teamCode) => {
        const kept = tickets.filter(
          (ticket) => ticket.teamCode === teamCode && !cancelled.has(ticket.ticketId),
        );
        return {
          teamCode,
          totalCredit: kept.reduce((sum, ticket) => sum + ticket.betCredit, 0),
          ticketCount: kept.length,
        };
      });
      expect(await opened.store.teamTotals(teams)).toEqual(expected);
      const countedEffects = decisions.filter((decision) => decision.effect === 'counted').length;
      const reversedEffects = decisions.filter((decision) => decision.effect === 'reversed').length;
      expect(countedEffects - reversedEffects).toBe(200 - cancelled.size);
      const invariant = await checkInvariant(opened);
      expect(invariant.stored).toEqual(invariant.expected);
    });

    // Only a server has overlapping transactions: hold one that inserts the ticket while another write runs.
    /** A transaction that counts `ticket` (40 credits, its team's only one) and commits once `write` has waited on it. */
    const whileInserting = async <T>(
      ticket: { ticketId: string; teamCode: string },
      write: () => Promise<T>,
    ) => {
      const s = `"${opened.schema}"`;
      let inserted!: () => void;
      let release!: () => void;
      const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
      const gate = new Promise<void>((resolve) => (release = resolve));
      const holder = opened.sql.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO ${s}.ticket_totalling (ticket_id, team_code, bet_credit, counted_at) VALUES ($1, $2, $3, $4)`,
          [ticket.ticketId, ticket.teamCode, 40, at.toISOString()],
        );
        await tx.query(
          `INSERT INTO ${s}.team_totals (team_code, total_credit, ticket_count) VALUES ($1, 40, 1)`,
          [ticket.teamCode],
        );
        inserted();
        await gate;
      });
      await insertedSignal;
      const writing = write();
      // Released once the write waits on the held insert, so the race is the one under test.
      await eventually(async () => {
        const [waiting] = await opened.sql.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM pg_stat_activity
           WHERE wait_event_type = 'Lock' AND position($1 in query) > 0`,
          [s],
        );
        expect(waiting!.count).toBeGreaterThan(0);
      }, 10_000);
      release();
      await holder;
      return writing;
    };
    it.skipIf(database.kind === 'embedded').each([
      ['count', 'already-counted', { tickets: 1, credit: 40 }],
      ['reverse', 'reversed', { tickets: 0, credit: 0 }],
    ] as const)(
      'decides again when a concurrent transaction inserts the ticket first (%s)',
      async (operation, effect, totals) => {
        const [team] = freshTeams(1);
        const ticket = aTicket({ teamCode: team, betCredit: 40 });
        const racing = whileInserting(ticket, () =>
          recordTicket(opened.store, operation, ticket, later),
        );
        expect((await racing).effect).toBe(effect);
        expect(await totalsOf(team!)).toEqual({
          teamCode: team,
          totalCredit: totals.credit,
          ticketCount: totals.tickets,
        });
      },
    );

    it.skipIf(database.kind === 'embedded')(
      'starts a batch over when a concurrent transaction inserts one of its new tickets first',
      async () => {
        const [team] = freshTeams(1);
        const [held, other] = [
          aTicket({ teamCode: team, betCredit: 40 }),
          aTicket({ teamCode: team, betCredit: 2 }),
        ];
        const counted = countingTransactions(opened.store);
        const batch = whileInserting(held, () =>
          recordTickets(
            counted.store,
            [
              { operation: 'count', ticket: other },
              { operation: 'count', ticket: held },
              { operation: 'reverse', ticket: held },
            ],
            later,
            { name: 'meanwhile', position: position(7n) },
          ),
        );
        expect((await batch).map((decision) => decision.effect)).toEqual([
          'counted',
          'already-counted',
          'reversed',
        ]);
        expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 2, ticketCount: 1 });
        expect(await opened.store.loadCheckpoint('meanwhile')).toEqual(position(7n));
        expect(counted.transactions).toBe(2); // started over once
        const invariant = await checkInvariant(opened);
        expect(invariant.stored).toEqual(invariant.expected);
      },
    );

    it('writes only the checkpoint, in no transaction, when every ticket of a batch is recorded already', async () => {
      const [team] = freshTeams(1);
      const [counted, reversed] = [
        aTicket({ teamCode: team, betCredit: 5 }),
        aTicket({ teamCode: team, betCredit: 7 }),
      ];
      await recordTicket(opened.store, 'count', counted, at);
      await recordTicket(opened.store, 'count', reversed, at);
      await recordTicket(opened.store, 'reverse', reversed, at);
      const opening = countingTransactions(opened.store);
      const { store } = opening;
      const settled = await recordTickets(
        store,
        [
          { operation: 'count', ticket: counted },
          { operation: 'count', ticket: reversed },
          { operation: 'reverse', ticket: reversed },
        ],
        later,
        { name: 'settled', position: position(4n) },
      );
      expect(settled.map((decision) => decision.effect)).toEqual([
        'already-counted',
        'already-reversed',
        'already-reversed',
      ]);
      expect(opening.transactions).toBe(0);
      expect(await opened.store.loadCheckpoint('settled')).toEqual(position(4n));
      // One ticket that needs a write: the whole batch, in order, in a transaction.
      const decided = await recordTickets(
        store,
        [
          { operation: 'count', ticket: counted },
          { operation: 'reverse', ticket: counted },
        ],
        later,
        { name: 'settled', position: position(5n) },
      );
      expect(decided.map((decision) => decision.effect)).toEqual(['already-counted', 'reversed']);
      expect(opening.transactions).toBe(1);
      expect(await opened.store.loadCheckpoint('settled')).toEqual(position(5n));
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 0, ticketCount: 0 });
      const invariant = await checkInvariant(opened);
      expect(invariant.stored).toEqual(invariant.expected);
    });

    it.skipIf(database.kind !== 'server')(
      'counts a batch of new tickets once while a sync call beats it to one of them on every attempt it can',
      async () => {
        const [team] = freshTeams(1);
        const tickets = Array.from({ length: 6 }, (_, i) =>
          aTicket({ teamCode: team, betCredit: i + 1 }),
        );
        // Before each insert of the batch, a sync call on another connection counts one more of its tickets: all
        // six, so the batch starts seven times (n + 1), the last time with nothing left to insert.
        const beaten = [...tickets];
        const racing: TotallingStore = {
          ...opened.store,
          transaction: (work) =>
            opened.store.transaction((tx) =>
              work({
                ...tx,
                insertRecords: async (records) => {
                  const next = beaten.shift();
                  if (next) await recordTicket(opened.store, 'count', next, at);
                  return tx.insertRecords(records);
                },
              }),
            ),
        };
        const decisions = await recordTickets(
          racing,
          tickets.map((ticket) => ({ operation: 'count', ticket })),
          later,
          { name: 'raced', position: position(6n) },
        );
        expect(beaten).toEqual([]);
        expect(decisions.map((decision) => decision.effect)).toEqual(
          Array<string>(6).fill('already-counted'),
        );
        expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 21, ticketCount: 6 });
        expect(await opened.store.loadCheckpoint('raced')).toEqual(position(6n));
        const invariant = await checkInvariant(opened);
        expect(invariant.stored).toEqual(invariant.expected);
      },
    );

    it("writes a new ticket's record and its team's totals together, or neither", async () => {
      const [team] = freshTeams(1);
      const ticket = aTicket({ teamCode: team, betCredit: 70 });
      const rejected = recordTicket(opened.store, 'count', { ...ticket, betCredit: 0 }, at);
      await expect(rejected).rejects.toThrow(); // the record's CHECK fails: no totals either
      expect(await recordOf(opened.store, ticket.ticketId)).toBeUndefined();
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 0, ticketCount: 0 });
      // The totals cannot take one more ticket: no record either.
      const [full] = freshTeams(1);
      const totals = `"${opened.schema}".team_totals`;
      await opened.sql.query(
        `INSERT INTO ${totals} (team_code, total_credit, ticket_count) VALUES ($1, 0, 2147483647)`,
        [full],
      );
      const overflowing = aTicket({ teamCode: full });
      await expect(recordTicket(opened.store, 'count', overflowing, at)).rejects.toThrow();
      expect(await recordOf(opened.store, overflowing.ticketId)).toBeUndefined();
      await opened.sql.query(`DELETE FROM ${totals} WHERE team_code = $1`, [full]);
      const counted = await Promise.all(
        Array.from({ length: 5 }, () => recordTicket(opened.store, 'count', ticket, at)),
      );
      expect(counted.filter((decision) => decision.effect === 'counted')).toHaveLength(1);
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 70, ticketCount: 1 });
      const again = { ...ticket, countedAt: later, reversedAt: null };
      const addition = { teamCode: team!, credit: 70, tickets: 1 } as const;
      expect(await opened.store.insertFirstRecord(again, addition)).toEqual({
        inserted: false,
        existing: { ...ticket, countedAt: at, reversedAt: null },
      });
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 70, ticketCount: 1 });
      const subtraction = { teamCode: team!, credit: -70, tickets: -1 } as const;
      await expect(
        opened.store.insertFirstRecord(
          { ...aTicket(), countedAt: at, reversedAt: null },
          subtraction,
        ),
      ).rejects.toThrow(/never takes from the totals/);
      const invariant = await checkInvariant(opened);
      expect(invariant.stored).toEqual(invariant.expected);
    });

    it('writes nothing, not even the checkpoint, when a write fails', async () => {
      const ticket = aTicket();
      await opened.store.saveCheckpoint('atomicity', position(1n));
      const failing = recordTickets(
        opened.store,
        [{ operation: 'count', ticket: { ...ticket, betCredit: 0 } }],
        at,
        { name: 'atomicity', position: position(2n) },
      );
      await expect(failing).rejects.toThrow();
      expect(await opened.store.loadCheckpoint('atomicity')).toEqual(position(1n));
      expect(await recordOf(opened.store, ticket.ticketId)).toBeUndefined();
      await recordTickets(opened.store, [{ operation: 'count', ticket }], at, {
        name: 'atomicity',
        position: position(3n),
      });
      expect(await opened.store.loadCheckpoint('atomicity')).toEqual(position(3n));
      expect(await opened.store.loadCheckpoint('never-saved')).toBeUndefined();
    });

    it('carries a checkpoint the first migration stored as text over, untagged: PostgreSQL only', async () => {
      const schema = `${opened.schema}_v1`;
      await migrate(opened.sql, schema, totallingMigrations.slice(0, 1));
      await opened.sql.query(
        `INSERT INTO "${schema}".checkpoints (name, position) VALUES ('team-totals', '12/34')`,
      );
      const esdb = await createTotallingStore(opened.sql, { eventStore: 'eventstoredb', schema });
      await expect(esdb.loadCheckpoint('team-totals')).rejects.toThrow(
        /"team-totals" was stored untagged.*this process reads EventStoreDB/,
      );
      await esdb.saveCheckpoint('team-totals', { transaction: 99n, sequence: 0n });
      const store = await createTotallingStore(opened.sql, { eventStore: 'postgres', schema });
      expect(await store.loadCheckpoint('team-totals')).toEqual({
        transaction: 12n,
        sequence: 34n,
      });
      await store.saveCheckpoint('team-totals', { transaction: 12n, sequence: 35n });
      expect(await store.loadCheckpoint('team-totals')).toEqual({
        transaction: 12n,
        sequence: 35n,
      });
      expect(await opened.sql.query(`SELECT event_store FROM "${schema}".checkpoints`)).toEqual([
        { event_store: 'postgres' },
      ]);
      await expect(esdb.loadCheckpoint('team-totals')).rejects.toThrow(
        /is a position in the PostgreSQL event store/,
      );
      await opened.sql.execute(`DROP SCHEMA "${schema}" CASCADE`);
    });

    it('migrates once and keeps the data when opened again on the same schema', async () => {
      const ticket = aTicket();
      await count(opened.store, ticket, at);
      const again = await createTotallingStore(opened.sql, {
        eventStore: 'postgres',
        schema: opened.schema,
      });
      expect((await recordOf(again, ticket.ticketId))?.counted).toBe(true);
      expect(
        await opened.sql.query(
          `SELECT version FROM "${opened.schema}".schema_migrations ORDER BY version`,
        ),
      ).toEqual([{ version: 1 }, { version: 2 }, { version: 3 }]);
      await expect(
        createTotallingStore(opened.sql, { eventStore: 'postgres', schema: 'Bad-Name' }),
      ).rejects.toThrow(/Unsafe SQL identifier/);
      await expect(opened.store.ping()).resolves.toBeUndefined();
    });
  });
}
