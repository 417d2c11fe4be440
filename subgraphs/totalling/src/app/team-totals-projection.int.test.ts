import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketStream, type TicketEvent } from '@sportskk/contracts';
import {
  createInMemoryEventStore,
  type EventStore,
  type RecordedEvent,
} from '@sportskk/event-store';
import { newEvent } from '@sportskk/event-store/testing';
import { eventually } from '@sportskk/testing';
import {
  checkInvariant,
  count,
  databasesUnderTest,
  freshTeams,
  recordOf,
  type OpenedTotallingStore,
} from '../testing/databases.ts';
import type { TotallingStore } from '../ports/totalling-store.ts';
import { createTeamTotalsProjection } from './team-totals-projection.ts';

const at = new Date('2026-01-01T12:00:00.000Z');
const freshTeam = () => freshTeams(1)[0]!;
const running = () => new AbortController().signal;

const purchased = (ticketId: string, teamCode: string, betCredit: number): TicketEvent => ({
  type: 'TicketPurchased',
  data: { ticketId, buyerId: 'alice', teamCode, betCredit, purchasedAt: at.toISOString() },
});
const cancelled = (ticketId: string, teamCode: string, betCredit: number): TicketEvent => ({
  type: 'TicketCancelled',
  data: { ticketId, teamCode, betCredit, cancelledAt: at.toISOString() },
});

/** Appends each ticket's events to its stream; returns everything the projection's filter selects, in order. */
async function record(
  events: EventStore,
  ...ticketEvents: TicketEvent[]
): Promise<RecordedEvent[]> {
  const before = await events.readAll();
  for (const event of ticketEvents)
    await events.appendToStream(ticketStream(event.data.ticketId), [
      newEvent({ type: event.type, data: event.data }),
    ]);
  return (await events.readAll({ after: before.at(-1)?.position })).filter(
    (event) => event.type !== 'TicketApproved',
  );
}

for (const database of databasesUnderTest('team totals projection')) {
  describe.skipIf(database.skip)(`team totals projection on ${database.name}`, () => {
    let opened: OpenedTotallingStore;
    beforeAll(async () => void (opened = await database.open()));
    afterAll(async () => opened?.close());
    const projectionNamed = () =>
      createTeamTotalsProjection(opened.store, { name: `test-${randomUUID()}`, clock: () => at });

    it('follows ticket streams, purchases and cancellations only', () => {
      const projection = createTeamTotalsProjection(opened.store);
      expect(projection.name).toBe('team-totals');
      expect(projection.filter).toEqual({
        streamPrefixes: ['ticket-'],
        eventTypes: ['TicketPurchased', 'TicketCancelled'],
      });
    });

    it('dates what it records by the wall clock unless given one', async () => {
      const ticketId = randomUUID();
      const [event] = await record(createInMemoryEventStore(), purchased(ticketId, freshTeam(), 5));
      const before = Date.now();
      await createTeamTotalsProjection(opened.store, { name: `test-${randomUUID()}` }).apply(
        event!,
        running(),
      );
      const countedAt = new Date((await recordOf(opened.store, ticketId))!.countedAt!).getTime();
      expect(countedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(countedAt).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('counts purchases, reverses cancellations and stores the checkpoint of each event', async () => {
      const team = freshTeam();
      const [a, b] = [randomUUID(), randomUUID()];
      const projection = projectionNamed();
      expect(await projection.loadCheckpoint()).toBeUndefined();
      const events = await record(
        createInMemoryEventStore(),
        purchased(a, team, 100),
        purchased(b, team, 20),
        cancelled(a, team, 100),
      );
      for (const event of events) await projection.apply(event, running());
      expect(await opened.store.teamTotals([team])).toEqual([
        { teamCode: team, totalCredit: 20, ticketCount: 1 },
      ]);
      expect(await projection.loadCheckpoint()).toEqual(events.at(-1)!.position);
    });

    it('changes nothing when replayed from an earlier checkpoint, or event by event twice', async () => {
      const team = freshTeam();
      const ids = Array.from({ length: 6 }, () => randomUUID());
      const projection = projectionNamed();
      const events = await record(
        createInMemoryEventStore(),
        ...ids.map((id, i) => purchased(id, team, 10 * (i + 1))),
        cancelled(ids[1]!, team, 20),
        cancelled(ids[4]!, team, 50),
      );
      for (const event of events) await projection.apply(event, running());
      const totals = await opened.store.teamTotals([team]);
      const records = await opened.store.ticketRecords(ids);
      expect(totals).toEqual([{ teamCode: team, totalCredit: 10 + 30 + 40 + 60, ticketCount: 4 }]);

      const replayFrom = 2; // as a restarted runner would, from an older checkpoint
      const replay = createTeamTotalsProjection(opened.store, {
        name: projection.name,
        clock: () => new Date('2030-01-01T00:00:00.000Z'),
      });
      for (const event of events.slice(replayFrom)) await replay.apply(event, running());
      for (const event of events) {
        await replay.apply(event, running());
        await replay.apply(event, running()); // a duplicate delivery
      }

      expect(await opened.store.teamTotals([team])).toEqual(totals);
      expect(await opened.store.ticketRecords(ids)).toEqual(records);
      expect(await replay.loadCheckpoint()).toEqual(events.at(-1)!.position);
      const invariant = await checkInvariant(opened);
      expect(invariant.stored).toEqual(invariant.expected);
    });

    it('counts a ticket once whichever of the sync call or the projection comes first', async () => {
      const team = freshTeam();
      const projection = projectionNamed();
      const [syncId, projectionId] = [randomUUID(), randomUUID()];
      const [syncFirst, projectionFirst] = await record(
        createInMemoryEventStore(),
        purchased(syncId, team, 5),
        purchased(projectionId, team, 7),
      );
      await count(opened.store, { ticketId: syncId, teamCode: team, betCredit: 5 }, at);
      await projection.apply(syncFirst!, running());
      await projection.apply(projectionFirst!, running());
      await count(opened.store, { ticketId: projectionId, teamCode: team, betCredit: 7 }, at);
      expect(await opened.store.teamTotals([team])).toEqual([
        { teamCode: team, totalCredit: 12, ticketCount: 2 },
      ]);
    });

    it('stops at an event it cannot total unless told what to do with it', async () => {
      const team = freshTeam();
      const projection = projectionNamed();
      const [goodId, badId] = [randomUUID(), randomUUID()];
      const [good, bad] = await record(
        createInMemoryEventStore(),
        purchased(goodId, team, 5),
        purchased(badId, team, -5),
      );
      await projection.apply(good!, running());
      await expect(projection.apply(bad!, running())).rejects.toThrow(
        /cannot be totalled: TicketPurchased: betCredit/,
      );
      expect(await projection.loadCheckpoint()).toEqual(good!.position);

      const skipped: string[] = [];
      const lenient = createTeamTotalsProjection(opened.store, {
        name: projection.name,
        onInvalidEvent: (_, problem) => skipped.push(problem),
      });
      // A batch whose write fails is tried again: the invalid event in it is reported once, when it is written.
      let failures = 1;
      const failingOnce: TotallingStore = {
        ...opened.store,
        saveCheckpoint: async (...args) => {
          if (failures-- > 0) throw new Error('connection lost');
          return opened.store.saveCheckpoint(...args);
        },
      };
      const retried = createTeamTotalsProjection(failingOnce, {
        name: projection.name,
        onInvalidEvent: (_, problem) => skipped.push(problem),
      });
      await expect(retried.applyBatch!([bad!], running())).rejects.toThrow('connection lost');
      expect(skipped).toHaveLength(0);
      await retried.applyBatch!([bad!], running());
      expect(skipped).toHaveLength(1);
      await lenient.apply(bad!, running());
      expect(skipped).toHaveLength(2);
      const throwing = createTeamTotalsProjection(opened.store, {
        name: projection.name,
        onInvalidEvent: () => {
          throw new Error('listener down');
        },
      });
      await expect(throwing.applyBatch!([bad!], running())).resolves.toBeUndefined(); // written: not applied again
      expect(await lenient.loadCheckpoint()).toEqual(bad!.position);
      expect(await opened.store.teamTotals([team])).toEqual([
        { teamCode: team, totalCredit: 5, ticketCount: 1 },
      ]);
      expect(await recordOf(opened.store, badId)).toBeUndefined();
    });

    it('applies a batch in one transaction with one checkpoint: all of it, or none of it', async () => {
      const team = freshTeam();
      const projection = projectionNamed();
      const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
      const events = await record(
        createInMemoryEventStore(),
        purchased(a, team, 100),
        purchased(b, team, 20),
        cancelled(a, team, 100), // the same ticket twice in one batch
        purchased(c, team, 3),
      );
      await projection.applyBatch!(events, running());
      expect(await opened.store.teamTotals([team])).toEqual([
        { teamCode: team, totalCredit: 23, ticketCount: 2 },
      ]);
      expect(await projection.loadCheckpoint()).toEqual(events.at(-1)!.position);

      // A counted record whose team has no totals: reversing it fails, after d was written in the same transaction.
      const [d, e, orphanTeam] = [randomUUID(), randomUUID(), freshTeam()];
      await opened.sql.query(
        `INSERT INTO "${opened.schema}".ticket_totalling (ticket_id, team_code, bet_credit, counted_at) VALUES ($1, $2, 9, $3)`,
        [e, orphanTeam, at.toISOString()],
      );
      const failing = await record(
        createInMemoryEventStore(),
        purchased(d, team, 4),
        cancelled(e, orphanTeam, 9),
      );
      await expect(projection.applyBatch!(failing, running())).rejects.toThrow();
      expect(await recordOf(opened.store, d)).toBeUndefined();
      expect(await projection.loadCheckpoint()).toEqual(events.at(-1)!.position);
      await opened.sql.query(
        `DELETE FROM "${opened.schema}".ticket_totalling WHERE ticket_id = $1`,
        [e],
      );
      await projection.applyBatch!(events, running()); // redelivered: changes nothing
      expect(await opened.store.teamTotals([team])).toEqual([
        { teamCode: team, totalCredit: 23, ticketCount: 2 },
      ]);
    });

    it('records a batch up to an event it cannot total, and stops there', async () => {
      const team = freshTeam();
      const projection = projectionNamed();
      const [goodId, badId, afterId] = [randomUUID(), randomUUID(), randomUUID()];
      const [good, bad, after] = await record(
        createInMemoryEventStore(),
        purchased(goodId, team, 5),
        purchased(badId, team, -5),
        purchased(afterId, team, 6),
      );
      await expect(projection.applyBatch!([good!, bad!, after!], running())).rejects.toThrow(
        /cannot be totalled/,
      );
      expect(await projection.loadCheckpoint()).toEqual(good!.position);
      expect(await opened.store.teamTotals([team])).toEqual([
        { teamCode: team, totalCredit: 5, ticketCount: 1 },
      ]);
      expect(await recordOf(opened.store, afterId)).toBeUndefined();
    });

    it('counts each ticket once while the sync calls for the same tickets race its batch', async () => {
      const team = freshTeam();
      const projection = projectionNamed();
      const tickets = Array.from({ length: 40 }, (_, i) => ({
        ticketId: randomUUID(),
        teamCode: team,
        betCredit: i + 1,
      }));
      const events = await record(
        createInMemoryEventStore(),
        ...tickets.map((ticket) => purchased(ticket.ticketId, team, ticket.betCredit)),
      );
      const batches = [events.slice(0, 20), events.slice(20)];
      await Promise.all([
        ...batches.map((batch) => projection.applyBatch!(batch, running())),
        ...tickets.map((ticket) => count(opened.store, ticket, at)),
      ]);
      expect(await opened.store.teamTotals([team])).toEqual([
        { teamCode: team, totalCredit: (40 * 41) / 2, ticketCount: 40 },
      ]);
      const invariant = await checkInvariant(opened);
      expect(invariant.stored).toEqual(invariant.expected);
    });

    it('only moves the checkpoint for an event type it does not handle', async () => {
      const projection = projectionNamed();
      const ticketId = randomUUID();
      const event: RecordedEvent = {
        id: randomUUID(),
        type: 'TicketApproved',
        data: { ticketId, approvedAt: at.toISOString() },
        metadata: { correlationId: 'c' },
        streamName: ticketStream(ticketId),
        revision: 1n,
        position: { transaction: 0n, sequence: 42n },
        recordedAt: at,
      };
      await projection.apply(event, running());
      expect(await projection.loadCheckpoint()).toEqual(event.position);
      expect(await recordOf(opened.store, ticketId)).toBeUndefined();
    });

    it('keeps totals exact when run by a subscription that restarts from its checkpoint', async () => {
      const team = freshTeam();
      const events = createInMemoryEventStore();
      const projection = projectionNamed();
      const run = async () =>
        events.subscribeToAll({
          after: await projection.loadCheckpoint(),
          filter: projection.filter,
          handler: (event) => projection.apply(event, running()),
        });
      const [s1, s2, s3] = [randomUUID(), randomUUID(), randomUUID()];
      await events.appendToStream('other-1', [
        newEvent({
          type: 'TicketPurchased',
          data: { ticketId: randomUUID(), teamCode: team, betCredit: 1000 },
        }),
      ]);
      await record(events, purchased(s1, team, 1), purchased(s2, team, 2));
      const first = await run();
      await eventually(async () =>
        expect(await opened.store.teamTotals([team])).toEqual([
          { teamCode: team, totalCredit: 3, ticketCount: 2 },
        ]),
      );
      await first.stop();
      const last = (await record(events, cancelled(s1, team, 1), purchased(s3, team, 4))).at(-1)!;
      const second = await run();
      await eventually(async () =>
        expect(await projection.loadCheckpoint()).toEqual(last.position),
      );
      await second.stop();
      expect(await opened.store.teamTotals([team])).toEqual([
        { teamCode: team, totalCredit: 6, ticketCount: 2 },
      ]);
      expect(await opened.store.loadCheckpoint(projection.name)).toEqual(last.position);
    });
  });
}
