import type { RecordedEvent } from '@sportskk/event-store';
import { evolve, ticketIdOf, type TicketViewDocument } from '../domain/ticket-view.ts';
import type { TicketViewStore, TicketViewTransaction } from '../ports/ticket-view-store.ts';

/** What an apply did: `applied` is false when the event changed nothing (replay, duplicate, older or foreign event). */
export type TicketViewApplyResult =
  | { readonly applied: false }
  | {
      readonly applied: true;
      readonly previous: TicketViewDocument | null;
      readonly document: TicketViewDocument;
    };

/**
 * The projection's one write shape, the same on every store: load the ticket's document, fold the event in,
 * write it only if its version is above the stored one, then advance the checkpoint (also for events that change
 * nothing), as one unit of work. Replays, duplicates and older events change nothing.
 */
export function applyTicketEvent(
  store: TicketViewStore,
  event: RecordedEvent,
  options: { readonly checkpoint?: string } = {},
) {
  return store.unitOfWork(async (tx): Promise<TicketViewApplyResult> => {
    const result = await foldIn(tx, event);
    if (options.checkpoint !== undefined)
      await tx.saveCheckpoint(options.checkpoint, event.position);
    return result;
  });
}

async function foldIn(
  tx: TicketViewTransaction,
  event: RecordedEvent,
): Promise<TicketViewApplyResult> {
  const ticketId = ticketIdOf(event);
  if (ticketId === undefined) return { applied: false };
  const previous = await tx.load(ticketId);
  const document = evolve(previous, event);
  if (document === null || document === previous || !(await tx.write(document)))
    return { applied: false };
  return { applied: true, previous, document };
}

/**
 * The batch form, with the same outcome as applying `events` one by one: one unit of work that loads every ticket
 * they touch at once, folds them in order, writes the changed documents together, and advances the checkpoint to the
 * last event.
 */
export function applyTicketEvents(
  store: TicketViewStore,
  events: readonly RecordedEvent[],
  options: { readonly checkpoint?: string } = {},
): Promise<void> {
  return store.unitOfWork(async (tx) => {
    const ids = [...new Set(events.map(ticketIdOf).filter((id) => id !== undefined))];
    const documents = new Map<string, TicketViewDocument | null>(await tx.loadMany(ids));
    const changed = new Set<string>();
    for (const event of events) {
      const ticketId = ticketIdOf(event);
      if (ticketId === undefined) continue;
      const previous = documents.get(ticketId) ?? null;
      const document = evolve(previous, event);
      if (document === null || document === previous) continue;
      documents.set(ticketId, document);
      changed.add(ticketId);
    }
    await tx.writeMany([...changed].map((ticketId) => documents.get(ticketId)!));
    const last = events.at(-1);
    if (options.checkpoint !== undefined && last)
      await tx.saveCheckpoint(options.checkpoint, last.position);
  });
}
