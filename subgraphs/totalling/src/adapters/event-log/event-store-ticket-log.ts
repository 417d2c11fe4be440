import { ticketOnRecord, ticketStream } from '@sportskk/contracts';
import type { EventStore } from '@sportskk/event-store';
import type { TicketLog } from '../../ports/ticket-log.ts';

/** The ticket's stream, read through the published contract. */
export function createEventStoreTicketLog(events: EventStore): TicketLog {
  return {
    ticketOf: async (ticketId) => ticketOnRecord(await events.readStream(ticketStream(ticketId))),
  };
}
