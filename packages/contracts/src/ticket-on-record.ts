import { readTicketEvent, type StoredTicketEvent } from './ticket-event-reader.ts';

/** What a ticket's stream says of it: the purchase's team and stake, and whether it was cancelled. */
export interface TicketOnRecord {
  readonly teamCode: string;
  readonly betCredit: number;
  readonly cancelled: boolean;
}

/** Folds one ticket's stream; undefined when it holds no purchase. Events it cannot read are left out. */
export function ticketOnRecord(stream: readonly StoredTicketEvent[]): TicketOnRecord | undefined {
  let ticket: TicketOnRecord | undefined;
  for (const recorded of stream) {
    const reading = readTicketEvent(recorded);
    if (!reading.ok) continue;
    const { event } = reading;
    if (event.type === 'TicketPurchased')
      ticket ??= {
        teamCode: event.data.teamCode,
        betCredit: event.data.betCredit,
        cancelled: false,
      };
    if (event.type === 'TicketCancelled' && ticket) ticket = { ...ticket, cancelled: true };
  }
  return ticket;
}
