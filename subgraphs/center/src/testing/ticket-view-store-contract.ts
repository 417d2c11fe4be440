import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@sportskk/event-store';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyTicketEvent, applyTicketEvents } from '../app/apply-ticket-event.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { evolve, type TicketViewDocument } from '../domain/ticket-view.ts';
import { ticketListPagingContract } from './ticket-list-contract.ts';
import { ticketEventLog } from './ticket-events.ts';

/** Fresh, empty storage per test; `dispose` drops all of it. */
export interface TicketViewStoreFixture {
  newStore(): Promise<TicketViewStore>;
  dispose(): Promise<void>;
}

interface TicketViewStoreContext {
  store(): TicketViewStore;
}

/** The document the domain folds from `events`, which every store must give back exactly. */
const folded = (events: readonly RecordedEvent[]): TicketViewDocument | null =>
  events.reduce<TicketViewDocument | null>(evolve, null);

/** The promises of the TicketViewStore port, run against one adapter. */
export function describeTicketViewStoreContract(
  adapter: string,
  makeFixture: () => Promise<TicketViewStoreFixture>,
): void {
  describe(`TicketViewStore contract: ${adapter}`, () => {
    let fixture: TicketViewStoreFixture;
    let current: TicketViewStore;
    const store = () => current;
    beforeAll(async () => void (fixture = await makeFixture()), 60_000);
    beforeEach(async () => void (current = await fixture.newStore()));
    afterAll(async () => fixture?.dispose(), 60_000);

    applyContract({ store });
    ticketListPagingContract({ store });
    checkpointContract({ store });
  });
}

function applyContract({ store }: TicketViewStoreContext): void {
  describe('apply', () => {
    it("folds a ticket's events in order and gives back exactly the folded document", async () => {
      const log = ticketEventLog();
      const id = randomUUID();
      const events = [
        log.purchase(id, { teamCode: 'LG', betCredit: 300 }),
        log.approve(id),
        log.cancel(id),
      ];
      const results = [];
      for (const event of events) results.push(await applyTicketEvent(store(), event));
      expect(results.map((r) => r.applied)).toEqual([true, true, true]);
      expect(results[0]).toEqual({
        applied: true,
        previous: null,
        document: folded(events.slice(0, 1)),
      });
      expect(results[2]).toEqual({
        applied: true,
        previous: folded(events.slice(0, 2)),
        document: folded(events),
      });
      expect(await store().get(id)).toEqual(folded(events));
      expect((await store().get(id))?.history.map((entry) => entry.version)).toEqual([0, 1, 2]);
    });

    it('folds a batch in order as the events one by one would, each ticket written once, replays a no-op', async () => {
      const log = ticketEventLog();
      const [a, b] = [randomUUID(), randomUUID()];
      const events = [log.purchase(a), log.purchase(b), log.approve(a), log.cancel(b)];
      await applyTicketEvents(store(), events.slice(0, 3));
      await applyTicketEvents(store(), events); // redelivered with one more
      expect(await store().get(a)).toEqual(folded([events[0]!, events[2]!]));
      expect(await store().get(b)).toEqual(folded([events[1]!, events[3]!]));
      const found = await store().unitOfWork((tx) => tx.loadMany([a, b, randomUUID()]));
      expect([...found.keys()].sort()).toEqual([a, b].sort());
    });

    it('writes many documents at once, each only over an older version', async () => {
      const log = ticketEventLog();
      const [a, b] = [randomUUID(), randomUUID()];
      const aEvents = [log.purchase(a), log.approve(a)];
      const bEvents = [log.purchase(b)];
      await store().unitOfWork((tx) => tx.writeMany([folded(aEvents)!, folded(bEvents)!]));
      await store().unitOfWork((tx) =>
        tx.writeMany([folded(aEvents.slice(0, 1))!, folded(bEvents)!]),
      );
      expect(await store().get(a)).toEqual(folded(aEvents)); // the older version did not win
      expect(await store().get(b)).toEqual(folded(bEvents));
      await store().unitOfWork((tx) => tx.writeMany([]));
    });

    it('changes nothing on a replay or duplicate deliveries', async () => {
      const log = ticketEventLog();
      const id = randomUUID();
      const events = [log.purchase(id), log.approve(id)];
      for (const event of events) await applyTicketEvent(store(), event);
      const before = await store().get(id);
      for (const event of [...events, ...events])
        expect(await applyTicketEvent(store(), event)).toEqual({ applied: false });
      expect(await store().get(id)).toEqual(before);
    });

    it('applies exactly one of concurrent deliveries of the same event', async () => {
      const log = ticketEventLog();
      const id = randomUUID();
      const purchased = log.purchase(id);
      const first = await Promise.all([1, 2, 3].map(() => applyTicketEvent(store(), purchased)));
      expect(first.filter((r) => r.applied)).toHaveLength(1);
      const approved = log.approve(id);
      const second = await Promise.all([1, 2, 3].map(() => applyTicketEvent(store(), approved)));
      expect(second.filter((r) => r.applied)).toHaveLength(1);
      expect(await store().get(id)).toEqual(folded([purchased, approved]));
    });

    it('applies concurrent events of one ticket as some serial order would: no lost update, each previous the one before', async () => {
      for (let round = 0; round < 10; round++) {
        const log = ticketEventLog();
        const id = randomUUID();
        const purchased = log.purchase(id);
        await applyTicketEvent(store(), purchased);
        const results = await Promise.all(
          [log.approve(id), log.cancel(id)].map((event) => applyTicketEvent(store(), event)),
        );
        const applied = results
          .filter((result) => result.applied)
          .sort((a, b) => a.document.version - b.document.version);
        expect(applied.length).toBeGreaterThan(0);
        let before: TicketViewDocument | null = folded([purchased]);
        for (const result of applied) {
          expect(result.previous, 'each apply saw the document the one before it wrote').toEqual(
            before,
          );
          before = result.document;
        }
        expect(await store().get(id)).toEqual(before);
      }
    });

    it('ignores an older event that arrives after a newer one', async () => {
      const log = ticketEventLog();
      const id = randomUUID();
      const [purchased, approved, cancelled] = [log.purchase(id), log.approve(id), log.cancel(id)];
      await applyTicketEvent(store(), purchased);
      await applyTicketEvent(store(), cancelled);
      expect(await applyTicketEvent(store(), approved)).toEqual({ applied: false });
      const stored = await store().get(id);
      expect(stored).toEqual(folded([purchased, cancelled]));
      expect(stored?.history.map((entry) => entry.version)).toEqual([0, 2]);
    });

    it('stores nothing for an event that cannot start a document or is not a well-formed ticket event', async () => {
      const log = ticketEventLog();
      const id = randomUUID();
      log.purchase(id);
      expect(await applyTicketEvent(store(), log.approve(id))).toEqual({ applied: false });
      expect(
        await applyTicketEvent(
          store(),
          log.other(id, 'TicketPurchased', { ticketId: id, teamCode: 'KT' }),
        ),
      ).toEqual({ applied: false });
      expect(
        await applyTicketEvent(store(), log.other(id, 'TicketRefunded', { ticketId: id })),
      ).toEqual({ applied: false });
      expect(await store().get(id)).toBeUndefined();
    });

    it('answers undefined for an unknown ticket', async () => {
      expect(await store().get(randomUUID())).toBeUndefined();
      expect(await store().get('')).toBeUndefined();
    });

    it('keeps unicode, large stakes and long histories exactly', async () => {
      const log = ticketEventLog();
      const id = randomUUID();
      const events = [
        log.purchase(id, {
          teamCode: 'KT',
          betCredit: Number.MAX_SAFE_INTEGER,
          correlationId: 'корреляция-🎉 "q" \\ 流',
        }),
      ];
      for (let i = 0; i < 60; i++) events.push(i % 2 ? log.approve(id) : log.cancel(id));
      for (const event of events) await applyTicketEvent(store(), event);
      expect(await store().get(id)).toEqual(folded(events));
    });

    it('applies concurrently for different tickets, each ticket in order', async () => {
      const log = ticketEventLog();
      const tickets = Array.from({ length: 25 }, (_, i) => {
        const id = randomUUID();
        return [
          log.purchase(id, { teamCode: i % 2 ? 'KT' : 'LG' }),
          log.approve(id),
          ...(i % 3 === 0 ? [log.cancel(id)] : []),
        ];
      });
      await Promise.all(
        tickets.map(async (events) => {
          for (const event of events)
            await applyTicketEvent(store(), event, { checkpoint: 'concurrent' });
        }),
      );
      for (const events of tickets)
        expect(await store().get(events[0]!.data.ticketId as string)).toEqual(folded(events));
      expect(await store().loadCheckpoint('concurrent')).toEqual(tickets.flat().at(-1)!.position);
      const page = await store().list({ filter: {}, first: 100 });
      expect(page.totalCount).toBe(25);
    });
  });
}

function checkpointContract({ store }: TicketViewStoreContext): void {
  describe('checkpoints (their own promises: the CheckpointStore contract)', () => {
    it('advance with apply, also for events that change nothing, and never go back on a replay', async () => {
      const log = ticketEventLog();
      const id = randomUUID();
      const purchased = log.purchase(id);
      const unknown = log.other(id, 'TicketRefunded', { ticketId: id });
      await applyTicketEvent(store(), purchased, { checkpoint: 'view' });
      expect(await store().loadCheckpoint('view')).toEqual(purchased.position);
      await applyTicketEvent(store(), unknown, { checkpoint: 'view' });
      expect(await store().loadCheckpoint('view')).toEqual(unknown.position);
      await applyTicketEvent(store(), purchased, { checkpoint: 'view' });
      expect(await store().loadCheckpoint('view')).toEqual(unknown.position);
      expect(await store().loadCheckpoint('another')).toBeUndefined();
    });

    it('after a crash between the view write and the checkpoint, a replay changes nothing twice', async () => {
      const log = ticketEventLog();
      const id = randomUUID();
      const events = [log.purchase(id), log.approve(id)];
      await applyTicketEvent(store(), events[0]!, { checkpoint: 'crashing' });
      const crashing = {
        ...store(),
        unitOfWork: <T>(work: Parameters<TicketViewStore['unitOfWork']>[0]) =>
          store().unitOfWork<T>(
            (tx) =>
              work({
                ...tx,
                saveCheckpoint: () => Promise.reject(new Error('crashed before the checkpoint')),
              }) as Promise<T>,
          ),
      } as TicketViewStore;
      await expect(
        applyTicketEvent(crashing, events[1]!, { checkpoint: 'crashing' }),
      ).rejects.toThrow('crashed');
      expect(await store().loadCheckpoint('crashing')).toEqual(events[0]!.position);
      // The restart replays from the checkpoint: the approval again (applied now, or already there).
      await applyTicketEvent(store(), events[1]!, { checkpoint: 'crashing' });
      expect(await store().get(id)).toEqual(folded(events));
      expect(await store().loadCheckpoint('crashing')).toEqual(events[1]!.position);
    });

    it('answer a ping', async () => {
      await expect(store().ping()).resolves.toBeUndefined();
    });
  });
}
