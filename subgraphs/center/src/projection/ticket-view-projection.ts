import type { ProjectionTarget, RecordedEvent } from '@sportskk/event-store';
import { TICKET_EVENT_TYPES, TICKET_STREAM_PREFIX } from '@sportskk/ticketing/events';
import { statusChange, type TicketStatusChange } from '../domain/ticket-view.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';

export const TICKET_VIEW_PROJECTION = 'center-ticket-view';

export interface TicketViewProjectionOptions {
  /** The checkpoint's name; defaults to TICKET_VIEW_PROJECTION. */
  readonly name?: string;
  /**
   * Called after an apply is stored that created a ticket's view or moved its status (never for a replay),
   * e.g. to publish `ticketStatusChanged` to subscribers. It must not throw; if it does, the error goes to
   * `onListenerError` and the projection carries on (the view is already stored).
   */
  readonly onStatusChanged?: (change: TicketStatusChange) => void;
  readonly onListenerError?: (error: unknown, change: TicketStatusChange) => void;
}

/**
 * Feeds the center's ticket view from the ticket streams. Each apply writes the view and the checkpoint
 * (in one transaction on PostgreSQL; view then checkpoint on MongoDB, where a replay is a no-op).
 */
export function createTicketViewProjection(store: TicketViewStore, options: TicketViewProjectionOptions = {}): ProjectionTarget {
  const name = options.name ?? TICKET_VIEW_PROJECTION;
  return {
    name,
    filter: { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: [...TICKET_EVENT_TYPES] },
    loadCheckpoint: () => store.loadCheckpoint(name),
    async apply(event: RecordedEvent) {
      const result = await store.apply(event, { checkpoint: name });
      if (!result.applied || !options.onStatusChanged) return;
      const change = statusChange(result.previous, result.document);
      if (!change) return;
      try {
        options.onStatusChanged(change);
      } catch (error) {
        options.onListenerError?.(error, change);
      }
    },
  };
}
