import { TICKET_EVENT_TYPES, TICKET_STREAM_PREFIX } from '@sportskk/contracts';
import type { Projection } from '@sportskk/projection-runner';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { applyTicketEvent, applyTicketEvents } from './apply-ticket-event.ts';

export const TICKET_VIEW_PROJECTION = 'center-ticket-view';

/**
 * Feeds the center's ticket view from the ticket streams: each batch of events read is folded in and checkpointed
 * as one unit (one transaction on PostgreSQL; views then checkpoint on MongoDB, where a replay is a no-op).
 */
export function createTicketViewProjection(
  store: TicketViewStore,
  options: { readonly name?: string } = {},
): Projection {
  const name = options.name ?? TICKET_VIEW_PROJECTION;
  return {
    name,
    filter: { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: [...TICKET_EVENT_TYPES] },
    loadCheckpoint: () => store.loadCheckpoint(name),
    apply: async (event) => void (await applyTicketEvent(store, event, { checkpoint: name })),
    applyBatch: (events) => applyTicketEvents(store, events, { checkpoint: name }),
  };
}
