import { formatPosition, parsePosition, type ProjectionTarget, type RecordedEvent } from '@sportskk/event-store';
import { TICKET_STREAM_PREFIX, type TicketCancelled, type TicketPurchased } from '@sportskk/ticketing/events';
import type { TotallingOperation } from '../domain/ticket-totalling.ts';
import { validateTicketToTotal } from '../domain/validation.ts';
import type { TotallingStore } from '../ports/totalling-store.ts';

export const TEAM_TOTALS_PROJECTION = 'team-totals';

const OPERATION_BY_EVENT_TYPE = { TicketPurchased: 'count', TicketCancelled: 'reverse' } as const satisfies Record<
  TicketPurchased['type'] | TicketCancelled['type'],
  TotallingOperation
>;
const isHandled = (type: string): type is keyof typeof OPERATION_BY_EVENT_TYPE => Object.hasOwn(OPERATION_BY_EVENT_TYPE, type);

export interface TeamTotalsProjectionOptions {
  /** The checkpoint's name; defaults to `team-totals`. */
  readonly name?: string;
  /** When a ticket is counted or reversed; defaults to the system clock. */
  readonly clock?: () => Date;
  /**
   * Called for a ticket event whose data cannot be counted; the checkpoint then moves past it. Without
   * it, `apply` throws and the projection stops at that event: a total is never silently wrong.
   */
  readonly onInvalidEvent?: (event: RecordedEvent, problem: string) => void;
}

/**
 * Counts TicketPurchased and reverses TicketCancelled, storing the checkpoint in the same transaction.
 * Idempotent by ticket id, so a replay, a duplicate delivery or a ticket already counted by the sync call
 * changes nothing.
 */
export function createTeamTotalsProjection(store: TotallingStore, options: TeamTotalsProjectionOptions = {}): ProjectionTarget {
  const name = options.name ?? TEAM_TOTALS_PROJECTION;
  const clock = options.clock ?? (() => new Date());
  return {
    name,
    filter: { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: Object.keys(OPERATION_BY_EVENT_TYPE) },
    async loadCheckpoint() {
      const position = await store.loadCheckpoint(name);
      return position === undefined ? undefined : parsePosition(position);
    },
    async apply(event) {
      const checkpoint = { name, position: formatPosition(event.position) };
      if (!isHandled(event.type)) return store.saveCheckpoint(checkpoint);
      const { ticketId, teamCode, betCredit } = event.data;
      const ticket = validateTicketToTotal({ ticketId, teamCode, betCredit });
      if (!ticket.ok) {
        const problem = `${event.type} at ${checkpoint.position} in ${event.streamName} cannot be totalled: ${ticket.message}`;
        if (!options.onInvalidEvent) throw new Error(problem);
        options.onInvalidEvent(event, problem);
        return store.saveCheckpoint(checkpoint);
      }
      await store.apply(OPERATION_BY_EVENT_TYPE[event.type], ticket.value, clock(), checkpoint);
    },
  };
}
