import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TicketViewDocument } from '../domain/ticket-view.ts';
import type { TicketViewStore, TicketViewTransaction } from '../ports/ticket-view-store.ts';
import { ticketEventLog } from '../testing/ticket-events.ts';
import { applyTicketEvent, applyTicketEvents } from './apply-ticket-event.ts';
import { TICKET_VIEW_PROJECTION } from './ticket-view-projection.ts';

/** A view that keeps documents in a map and records what the use case asks of it. */
function recordingView() {
  const documents = new Map<string, TicketViewDocument>();
  const asked: string[] = [];
  const tx: TicketViewTransaction = {
    load: async (ticketId) => (asked.push(`load ${ticketId}`), documents.get(ticketId) ?? null),
    async loadMany(ticketIds) {
      asked.push(`loadMany ${ticketIds.join(',')}`);
      return new Map(
        ticketIds.flatMap((id) => (documents.has(id) ? [[id, documents.get(id)!]] : [])),
      );
    },
    async write(document) {
      asked.push(`write ${document.id}@${document.version}`);
      documents.set(document.id, document);
      return true;
    },
    async writeMany(written) {
      asked.push(`writeMany ${written.map((d) => `${d.id}@${d.version}`).join(',')}`);
      for (const document of written) documents.set(document.id, document);
    },
    saveCheckpoint: async (name, position) =>
      void asked.push(`checkpoint ${name} ${position.sequence}`),
  };
  const store = { unitOfWork: (work) => work(tx) } as Pick<TicketViewStore, 'unitOfWork'>;
  return { store: store as TicketViewStore, documents, asked };
}

describe('folding ticket events into the view', () => {
  it('is named center-ticket-view, the name its checkpoint and the rebuild command use', () => {
    expect(TICKET_VIEW_PROJECTION).toBe('center-ticket-view');
  });

  it('one by one: writes only what changed, and checkpoints every event', async () => {
    const view = recordingView();
    const log = ticketEventLog();
    const id = randomUUID();
    const purchased = log.purchase(id);
    const foreign = log.other(randomUUID(), 'TicketRefunded', {});
    const approvedFirst = randomUUID();
    expect(
      await applyTicketEvent(view.store, log.approve(approvedFirst), { checkpoint: 'v' }),
    ).toEqual({
      applied: false,
    });
    expect((await applyTicketEvent(view.store, purchased, { checkpoint: 'v' })).applied).toBe(true);
    expect(await applyTicketEvent(view.store, purchased, { checkpoint: 'v' })).toEqual({
      applied: false,
    });
    expect(await applyTicketEvent(view.store, foreign, { checkpoint: 'v' })).toEqual({
      applied: false,
    });
    // No load for the event of no ticket, no write for what folds to nothing or to what is stored.
    expect(view.asked.filter((line) => !line.startsWith('checkpoint'))).toEqual([
      `load ${approvedFirst}`,
      `load ${id}`,
      `write ${id}@0`,
      `load ${id}`,
    ]);
    expect(view.asked.filter((line) => line.startsWith('checkpoint'))).toHaveLength(4);
  });

  it('in a batch: loads only the tickets it touches, writes each changed one once, checkpoints the last', async () => {
    const view = recordingView();
    const log = ticketEventLog();
    const [a, b] = [randomUUID(), randomUUID()];
    const purchasedA = log.purchase(a);
    await applyTicketEvent(view.store, purchasedA);
    view.asked.length = 0;
    const foreign = log.other(randomUUID(), 'TicketRefunded', {});
    const events = [
      purchasedA,
      foreign,
      log.purchase(b),
      log.approve(b),
      log.approve(randomUUID()),
    ];
    await applyTicketEvents(view.store, events, { checkpoint: 'v' });
    const [loaded, written, checkpoint] = view.asked;
    expect(loaded!.split(' ')[1]!.split(',').sort()).toEqual(
      [a, b, events[4]!.data.ticketId as string].sort(),
    );
    expect(written).toBe(`writeMany ${b}@1`);
    expect(checkpoint).toBe(`checkpoint v ${events.at(-1)!.position.sequence}`);
    expect(view.asked).toHaveLength(3);
  });

  it('writes nothing for a batch of replays', async () => {
    const view = recordingView();
    const log = ticketEventLog();
    const id = randomUUID();
    const events = [log.purchase(id), log.approve(id)];
    await applyTicketEvents(view.store, events);
    await applyTicketEvents(view.store, events);
    expect(view.asked.filter((line) => line.startsWith('writeMany'))).toEqual([
      `writeMany ${id}@1`,
      'writeMany ',
    ]);
  });
});
