import {
  readTicketEvent,
  TICKET_STREAM_PREFIX,
  type TicketEventType,
  type TotallingOperation,
} from '@sportskk/contracts';
import type { RecordedEvent } from '@sportskk/event-store';
import type { Projection } from '@sportskk/projection-runner';
import type { TotallingStore } from '../ports/totalling-store.ts';
import { recordTicket } from './record-ticket.ts';

const TEAM_TOTALS_PROJECTION = 'team-totals';

const OPERATIONS = {
  TicketPurchased: 'count',
  TicketCancelled: 'reverse',
} as const satisfies Partial<Record<TicketEventType, TotallingOperation>>;

export interface TeamTotalsProjectionOptions {
  /** The checkpoint's name; defaults to `team-totals`. */
  readonly name?: string;
  /** When a ticket is counted or reversed; defaults to the system clock. */
  readonly clock?: () => Date;
  /**
   * Called for a ticket event that is not well-formed; the checkpoint then moves past it. Without it, `apply`
   * throws and the projection stops at that event: a total is never silently wrong.
   */
  readonly onInvalidEvent?: (event: RecordedEvent, problem: string) => void;
}

/**
 * Counts TicketPurchased and reverses TicketCancelled, storing the checkpoint in the same transaction.
 * Idempotent by ticket id, so a replay, a duplicate delivery or a ticket already counted by the sync call
 * changes nothing.
 */
export function createTeamTotalsProjection(
  store: TotallingStore,
  options: TeamTotalsProjectionOptions = {},
): Projection {
  const name = options.name ?? TEAM_TOTALS_PROJECTION;
  const clock = options.clock ?? (() => new Date());
  return {
    name,
    filter: { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: Object.keys(OPERATIONS) },
    loadCheckpoint: () => store.loadCheckpoint(name),
    async apply(event) {
      const checkpoint = { name, position: event.position };
      const reading = readTicketEvent(event);
      if (!reading.ok) {
        const problem = `Event ${event.id} in ${event.streamName} cannot be totalled: ${reading.problem}`;
        if (!options.onInvalidEvent) throw new Error(problem);
        options.onInvalidEvent(event, problem);
        return store.saveCheckpoint(name, event.position);
      }
      const ticketEvent = reading.event;
      if (ticketEvent.type === 'TicketApproved') return store.saveCheckpoint(name, event.position);
      const { ticketId, teamCode, betCredit } = ticketEvent.data;
      await recordTicket(
        store,
        OPERATIONS[ticketEvent.type],
        { ticketId, teamCode, betCredit },
        clock(),
        checkpoint,
      );
    },
  };
}
