import {
  readTicketEvent,
  TICKET_STREAM_PREFIX,
  type TicketEventType,
  type TotallingOperation,
} from '@sportskk/contracts';
import type { RecordedEvent } from '@sportskk/event-store';
import type { Projection } from '@sportskk/projection-runner';
import type { TotallingStore } from '../ports/totalling-store.ts';
import { recordTickets, type TicketToRecord } from './record-ticket.ts';

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
   * Called for a ticket event that is not well-formed, once its batch is written and the checkpoint has moved
   * past it: at most once, however often a failed batch is tried again (a crash right after the write loses the
   * report; a listener that throws changes nothing). Without it, `apply` throws and the projection stops at that
   * event: a total is never silently wrong.
   */
  readonly onInvalidEvent?: (event: RecordedEvent, problem: string) => void;
}

/**
 * Counts TicketPurchased and reverses TicketCancelled, a batch of events in one transaction with its checkpoint.
 * Idempotent by ticket id, so a replay, a duplicate delivery or a ticket already counted by the sync call
 * changes nothing.
 */
export function createTeamTotalsProjection(
  store: TotallingStore,
  options: TeamTotalsProjectionOptions = {},
): Projection {
  const name = options.name ?? TEAM_TOTALS_PROJECTION;
  const clock = options.clock ?? (() => new Date());

  /**
   * The batch up to the first event it cannot total, and that event's problem (when no one takes invalid ones);
   * the invalid events skipped.
   */
  const toRecord = (events: readonly RecordedEvent[]) => {
    const tickets: TicketToRecord[] = [];
    const skipped: Array<{ event: RecordedEvent; problem: string }> = [];
    for (const [index, event] of events.entries()) {
      const reading = readTicketEvent(event);
      if (!reading.ok) {
        const problem = `Event ${event.id} in ${event.streamName} cannot be totalled: ${reading.problem}`;
        if (!options.onInvalidEvent) return { tickets, skipped, through: index - 1, problem };
        skipped.push({ event, problem });
        continue;
      }
      const ticketEvent = reading.event;
      if (ticketEvent.type === 'TicketApproved') continue;
      const { ticketId, teamCode, betCredit } = ticketEvent.data;
      tickets.push({
        operation: OPERATIONS[ticketEvent.type],
        ticket: { ticketId, teamCode, betCredit },
      });
    }
    return { tickets, skipped, through: events.length - 1, problem: undefined };
  };

  const applyBatch = async (events: readonly RecordedEvent[]) => {
    const { tickets, skipped, through, problem } = toRecord(events);
    const last = events[through];
    if (last) {
      const checkpoint = { name, position: last.position };
      if (tickets.length === 0) await store.saveCheckpoint(name, last.position);
      else await recordTickets(store, tickets, clock(), checkpoint);
    }
    for (const { event, problem } of skipped)
      try {
        options.onInvalidEvent?.(event, problem);
      } catch {
        // the batch is written; a report that fails must not make the runner apply it again
      }
    if (problem) throw new Error(problem); // the projection stops at that event: a total is never silently wrong
  };

  return {
    name,
    filter: { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: Object.keys(OPERATIONS) },
    loadCheckpoint: () => store.loadCheckpoint(name),
    apply: (event) => applyBatch([event]),
    applyBatch,
  };
}
