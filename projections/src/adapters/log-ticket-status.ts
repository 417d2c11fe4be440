import { readTicketEvent, statusAfter, ticketStream, type TicketStatus } from '@sportskk/contracts';
import type { EventStore } from '@sportskk/event-store';

/** A ticket's status as its stream says, by the published life of a ticket. */
export function ticketStatusFromLog(
  store: EventStore,
): (ticketId: string) => Promise<TicketStatus | undefined> {
  return async (ticketId) => {
    let status: TicketStatus | undefined;
    for (const event of await store.readStream(ticketStream(ticketId))) {
      const reading = readTicketEvent(event);
      if (reading.ok) status = statusAfter(status, reading.event.type);
    }
    return status;
  };
}
