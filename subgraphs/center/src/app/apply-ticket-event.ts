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
