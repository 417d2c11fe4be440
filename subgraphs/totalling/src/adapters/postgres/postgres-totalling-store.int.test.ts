import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aTicket, checkInvariant, databasesUnderTest, type OpenedTotallingStore } from '../../testing/databases.ts';
import { createTotallingStore } from './postgres-totalling-store.ts';

const at = new Date('2026-01-01T12:00:00.000Z');
const later = new Date('2026-01-01T13:00:00.000Z');
/** Team codes of one test only, so tests sharing a database do not see each other's totals. */
const freshTeams = (n: number) => Array.from({ length: n }, () => `T${randomBytes(4).toString('hex').toUpperCase()}`);

for (const database of databasesUnderTest('totalling store')) {
  describe.skipIf(database.skip)(`totalling store on ${database.name}`, () => {
    let opened: OpenedTotallingStore;
    beforeAll(async () => void (opened = await database.open()));
    afterAll(async () => opened?.close());
    const totalsOf = async (teamCode: string) => (await opened.store.teamTotals([teamCode]))[0];

    it('counts a ticket once however often it is counted', async () => {
      const [team] = freshTeams(1);
      const ticket = aTicket({ teamCode: team, betCredit: 300 });
      expect((await opened.store.count(ticket, at)).effect).toBe('counted');
      expect((await opened.store.count(ticket, later)).effect).toBe('already-counted');
      expect((await opened.store.count({ ...ticket, betCredit: 999 }, later)).effect).toBe('already-counted');
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 300, ticketCount: 1 });
      expect(await opened.store.ticketRecord(ticket.ticketId)).toEqual({ counted: true, countedAt: at, reversedAt: null });
    });

    it('reverses a counted ticket once, subtracting what was counted', async () => {
      const [team, other] = freshTeams(2);
      const ticket = aTicket({ teamCode: team, betCredit: 300 });
      await opened.store.count(ticket, at);
      await opened.store.count(aTicket({ teamCode: team, betCredit: 50 }), at);
      expect((await opened.store.reverse({ ...ticket, teamCode: other!, betCredit: 1 }, later)).effect).toBe('reversed');
      expect((await opened.store.reverse(ticket, later)).effect).toBe('already-reversed');
      expect(await opened.store.teamTotals([team!, other!])).toEqual([
        { teamCode: team, totalCredit: 50, ticketCount: 1 },
        { teamCode: other, totalCredit: 0, ticketCount: 0 },
      ]);
      expect(await opened.store.ticketRecord(ticket.ticketId)).toEqual({ counted: false, countedAt: at, reversedAt: later });
    });

    it('keeps a ticket reversed before its count out of the totals for good', async () => {
      const [team] = freshTeams(1);
      const ticket = aTicket({ teamCode: team });
      expect((await opened.store.reverse(ticket, at)).effect).toBe('reversed-before-count');
      expect((await opened.store.count(ticket, later)).effect).toBe('already-reversed');
      expect((await opened.store.reverse(ticket, later)).effect).toBe('already-reversed');
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: 0, ticketCount: 0 });
      expect(await opened.store.ticketRecord(ticket.ticketId)).toEqual({ counted: false, countedAt: null, reversedAt: at });
    });

    it('answers zeros in the order asked for teams without tickets, and undefined for unseen tickets', async () => {
      const teams = freshTeams(3);
      await opened.store.count(aTicket({ teamCode: teams[1], betCredit: 7 }), at);
      expect(await opened.store.teamTotals(teams)).toEqual([
        { teamCode: teams[0], totalCredit: 0, ticketCount: 0 },
        { teamCode: teams[1], totalCredit: 7, ticketCount: 1 },
        { teamCode: teams[2], totalCredit: 0, ticketCount: 0 },
      ]);
      expect(await opened.store.teamTotals([])).toEqual([]);
      expect(await opened.store.ticketRecord('never-seen')).toBeUndefined();
    });

    it('reads many ticket records in one call', async () => {
      const counted = aTicket();
      const reversed = aTicket();
      await opened.store.count(counted, at);
      await opened.store.reverse(reversed, at);
      const records = await opened.store.ticketRecords([counted.ticketId, reversed.ticketId, 'never-seen', counted.ticketId]);
      expect([...records.keys()].sort()).toEqual([counted.ticketId, reversed.ticketId].sort());
      expect(records.get(counted.ticketId)?.counted).toBe(true);
      expect(records.get(reversed.ticketId)?.counted).toBe(false);
      expect(await opened.store.ticketRecords([])).toEqual(new Map());
    });

    it('keeps totals exact under 200 concurrent counts over 4 teams with duplicate deliveries and racing reversals', async () => {
      const teams = freshTeams(4);
      const tickets = Array.from({ length: 200 }, (_, i) => aTicket({ teamCode: teams[i % 4], betCredit: 1 + ((i * 37) % 500) }));
      const cancelled = new Set(tickets.filter((_, i) => i % 5 === 0).map((ticket) => ticket.ticketId));
      const calls = tickets.flatMap((ticket) => {
        const counts = [0, 1, 2].map(() => () => opened.store.count(ticket, at));
        const reversals = cancelled.has(ticket.ticketId) ? [0, 1].map(() => () => opened.store.reverse(ticket, later)) : [];
        return [...counts, ...reversals];
      });
      // Shuffled so reversals sometimes come before, sometimes after, sometimes between the counts.
      const shuffled = calls.map((call) => ({ call, order: Math.random() })).sort((a, b) => a.order - b.order);
      const decisions = await Promise.all(shuffled.map(({ call }) => call()));

      const expected = teams.map((teamCode) => {
        const kept = tickets.filter((ticket) => ticket.teamCode === teamCode && !cancelled.has(ticket.ticketId));
        return { teamCode, totalCredit: kept.reduce((sum, ticket) => sum + ticket.betCredit, 0), ticketCount: kept.length };
      });
      expect(await opened.store.teamTotals(teams)).toEqual(expected);
      const countedEffects = decisions.filter((decision) => decision.effect === 'counted').length;
      const reversedEffects = decisions.filter((decision) => decision.effect === 'reversed').length;
      expect(countedEffects - reversedEffects).toBe(200 - cancelled.size);
      const invariant = await checkInvariant(opened);
      expect(invariant.stored).toEqual(invariant.expected);
    });

    // Only a server has overlapping transactions: hold one that inserts the ticket while another write runs.
    it.skipIf(database.kind === 'embedded').each([
      ['count', 'already-counted', { tickets: 1, credit: 40 }],
      ['reverse', 'reversed', { tickets: 0, credit: 0 }],
    ] as const)('decides again when a concurrent transaction inserts the ticket first (%s)', async (operation, effect, totals) => {
      const [team] = freshTeams(1);
      const ticket = aTicket({ teamCode: team, betCredit: 40 });
      const s = `"${opened.schema}"`;
      let inserted!: () => void;
      let release!: () => void;
      const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
      const gate = new Promise<void>((resolve) => (release = resolve));
      const holder = opened.sql.transaction(async (tx) => {
        await tx.query(`INSERT INTO ${s}.ticket_totalling (ticket_id, team_code, bet_credit, counted_at) VALUES ($1, $2, $3, $4)`, [ticket.ticketId, team, 40, at.toISOString()]);
        await tx.query(`INSERT INTO ${s}.team_totals (team_code, total_credit, ticket_count) VALUES ($1, 40, 1)`, [team]);
        inserted();
        await gate;
      });
      await insertedSignal;
      const racing = opened.store.apply(operation, ticket, later);
      await new Promise((resolve) => setTimeout(resolve, 200)); // let it reach its insert and wait there
      release();
      await holder;
      expect((await racing).effect).toBe(effect);
      expect(await totalsOf(team!)).toEqual({ teamCode: team, totalCredit: totals.credit, ticketCount: totals.tickets });
    });

    it('writes nothing, not even the checkpoint, when a write fails', async () => {
      const ticket = aTicket();
      await opened.store.saveCheckpoint({ name: 'atomicity', position: '1/1' });
      await expect(opened.store.apply('count', { ...ticket, betCredit: 0 }, at, { name: 'atomicity', position: '2/2' })).rejects.toThrow();
      expect(await opened.store.loadCheckpoint('atomicity')).toBe('1/1');
      expect(await opened.store.ticketRecord(ticket.ticketId)).toBeUndefined();
      await opened.store.apply('count', ticket, at, { name: 'atomicity', position: '3/3' });
      expect(await opened.store.loadCheckpoint('atomicity')).toBe('3/3');
      expect(await opened.store.loadCheckpoint('never-saved')).toBeUndefined();
    });

    it('migrates once and keeps the data when opened again on the same schema', async () => {
      const ticket = aTicket();
      await opened.store.count(ticket, at);
      const again = await createTotallingStore(opened.sql, { schema: opened.schema });
      expect((await again.ticketRecord(ticket.ticketId))?.counted).toBe(true);
      expect(await opened.sql.query(`SELECT version FROM "${opened.schema}".schema_migrations`)).toEqual([{ version: 1 }]);
      await expect(createTotallingStore(opened.sql, { schema: 'Bad-Name' })).rejects.toThrow(/Unsafe SQL identifier/);
      await expect(opened.store.ping()).resolves.toBeUndefined();
    });
  });
}
