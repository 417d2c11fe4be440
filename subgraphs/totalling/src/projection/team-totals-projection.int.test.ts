import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryEventStore, formatPosition, type EventStore, type RecordedEvent } from '@sportskk/event-store';
import { eventually, newEvent } from '@sportskk/event-store/testing';
import { ticketStream, type TicketEvent } from '@sportskk/ticketing/events';
import { checkInvariant, databasesUnderTest, type OpenedTotallingStore } from '../testing/databases.ts';
import { createTeamTotalsProjection } from './team-totals-projection.ts';

const at = new Date('2026-01-01T12:00:00.000Z');
const freshTeam = () => `T${randomBytes(4).toString('hex').toUpperCase()}`;

const purchased = (ticketId: string, teamCode: string, betCredit: number): TicketEvent => ({
  type: 'TicketPurchased',
  data: { ticketId, teamCode, betCredit, purchasedAt: at.toISOString() },
});
const cancelled = (ticketId: string, teamCode: string, betCredit: number): TicketEvent => ({
  type: 'TicketCancelled',
  data: { ticketId, teamCode, betCredit, cancelledAt: at.toISOString() },
});

/** Appends each ticket's events to its stream; returns everything the projection's filter selects, in order. */
async function record(events: EventStore, ...ticketEvents: TicketEvent[]): Promise<RecordedEvent[]> {
  const before = await events.readAll();
  for (const event of ticketEvents) await events.appendToStream(ticketStream(event.data.ticketId), [newEvent({ type: event.type, data: event.data })]);
  return (await events.readAll({ after: before.at(-1)?.position })).filter((event) => event.type !== 'TicketApproved');
}

for (const database of databasesUnderTest('team totals projection')) {
  describe.skipIf(database.skip)(`team totals projection on ${database.name}`, () => {
    let opened: OpenedTotallingStore;
    beforeAll(async () => void (opened = await database.open()));
    afterAll(async () => opened?.close());
    const projectionNamed = () => createTeamTotalsProjection(opened.store, { name: `test-${randomUUID()}`, clock: () => at });

    it('follows ticket streams, purchases and cancellations only', () => {
      const projection = createTeamTotalsProjection(opened.store);
      expect(projection.name).toBe('team-totals');
      expect(projection.filter).toEqual({ streamPrefixes: ['ticket-'], eventTypes: ['TicketPurchased', 'TicketCancelled'] });
    });

    it('counts purchases, reverses cancellations and stores the checkpoint of each event', async () => {
      const team = freshTeam();
      const projection = projectionNamed();
      expect(await projection.loadCheckpoint()).toBeUndefined();
      const events = await record(createInMemoryEventStore(), purchased('a', team, 100), purchased('b', team, 20), cancelled('a', team, 100));
      for (const event of events) await projection.apply(event);
      expect(await opened.store.teamTotals([team])).toEqual([{ teamCode: team, totalCredit: 20, ticketCount: 1 }]);
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
      for (const event of events) await projection.apply(event);
      const totals = await opened.store.teamTotals([team]);
      const records = await opened.store.ticketRecords(ids);
      expect(totals).toEqual([{ teamCode: team, totalCredit: 10 + 30 + 40 + 60, ticketCount: 4 }]);

      const replayFrom = 2; // as a restarted runner would, from an older checkpoint
      const replay = createTeamTotalsProjection(opened.store, { name: projection.name, clock: () => new Date('2030-01-01T00:00:00.000Z') });
      for (const event of events.slice(replayFrom)) await replay.apply(event);
      for (const event of events) {
        await replay.apply(event);
        await replay.apply(event); // a duplicate delivery
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
      const [syncFirst, projectionFirst] = await record(createInMemoryEventStore(), purchased('sync-first', team, 5), purchased('projection-first', team, 7));
      await opened.store.count({ ticketId: 'sync-first', teamCode: team, betCredit: 5 }, at);
      await projection.apply(syncFirst!);
      await projection.apply(projectionFirst!);
      await opened.store.count({ ticketId: 'projection-first', teamCode: team, betCredit: 7 }, at);
      expect(await opened.store.teamTotals([team])).toEqual([{ teamCode: team, totalCredit: 12, ticketCount: 2 }]);
    });

    it('stops at an event it cannot total unless told what to do with it', async () => {
      const team = freshTeam();
      const projection = projectionNamed();
      const [good, bad] = await record(createInMemoryEventStore(), purchased('good', team, 5), purchased('bad', team, -5));
      await projection.apply(good!);
      await expect(projection.apply(bad!)).rejects.toThrow(/cannot be totalled: betCredit/);
      expect(await projection.loadCheckpoint()).toEqual(good!.position);

      const skipped: string[] = [];
      const lenient = createTeamTotalsProjection(opened.store, { name: projection.name, onInvalidEvent: (_, problem) => skipped.push(problem) });
      await lenient.apply(bad!);
      expect(skipped).toHaveLength(1);
      expect(await lenient.loadCheckpoint()).toEqual(bad!.position);
      expect(await opened.store.teamTotals([team])).toEqual([{ teamCode: team, totalCredit: 5, ticketCount: 1 }]);
      expect(await opened.store.ticketRecord('bad')).toBeUndefined();
    });

    it('only moves the checkpoint for an event type it does not handle', async () => {
      const projection = projectionNamed();
      const event: RecordedEvent = {
        id: randomUUID(), type: 'TicketApproved', data: { ticketId: 'x', approvedAt: at.toISOString() }, metadata: { correlationId: 'c' },
        streamName: ticketStream('x'), revision: 1n, position: { transaction: 0n, sequence: 42n }, recordedAt: at,
      };
      await projection.apply(event);
      expect(await projection.loadCheckpoint()).toEqual(event.position);
      expect(await opened.store.ticketRecord('x')).toBeUndefined();
    });

    it('keeps totals exact when run by a subscription that restarts from its checkpoint', async () => {
      const team = freshTeam();
      const events = createInMemoryEventStore();
      const projection = projectionNamed();
      const run = async () =>
        events.subscribeToAll({ after: await projection.loadCheckpoint(), filter: projection.filter, handler: (event) => projection.apply(event) });
      await events.appendToStream('other-1', [newEvent({ type: 'TicketPurchased', data: { ticketId: 'other', teamCode: team, betCredit: 1000 } })]);
      await record(events, purchased('s1', team, 1), purchased('s2', team, 2));
      const first = await run();
      await eventually(async () => expect(await opened.store.teamTotals([team])).toEqual([{ teamCode: team, totalCredit: 3, ticketCount: 2 }]));
      await first.stop();
      const last = (await record(events, cancelled('s1', team, 1), purchased('s3', team, 4))).at(-1)!;
      const second = await run();
      await eventually(async () => expect(await projection.loadCheckpoint()).toEqual(last.position));
      await second.stop();
      expect(await opened.store.teamTotals([team])).toEqual([{ teamCode: team, totalCredit: 6, ticketCount: 2 }]);
      expect(formatPosition(last.position)).toBe(await opened.store.loadCheckpoint(projection.name));
    });
  });
}
