import { readTicketEvent, type StoredTicketEvent } from './ticket-event-reader.ts';
import type { TicketToTotal, TotallingOperation } from './totalling-internal-api.ts';

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

export type RecordCheck =
  | { readonly ok: true; readonly operation: TotallingOperation }
  | {
      readonly ok: false;
      readonly code: 'PURCHASE_NOT_FOUND' | 'PURCHASE_MISMATCH' | 'CANCELLATION_NOT_FOUND';
      readonly message: string;
    };

/**
 * Whether the log backs a count or reversal of `ticket`: the purchase with the same team and stake, and for a
 * reversal its cancellation. A count of a ticket the log shows cancelled is done as a reversal: it keeps the ticket
 * out for good. Totals are then always derivable from the log, whoever calls.
 */
export function checkAgainstRecord(
  operation: TotallingOperation,
  ticket: TicketToTotal,
  onRecord: TicketOnRecord | undefined,
): RecordCheck {
  if (!onRecord)
    return {
      ok: false,
      code: 'PURCHASE_NOT_FOUND',
      message: `The event log holds no purchase of ticket ${ticket.ticketId}`,
    };
  if (onRecord.teamCode !== ticket.teamCode || onRecord.betCredit !== ticket.betCredit)
    return {
      ok: false,
      code: 'PURCHASE_MISMATCH',
      message: `Ticket ${ticket.ticketId} was bought on ${onRecord.teamCode} for ${onRecord.betCredit}, not as asked`,
    };
  if (onRecord.cancelled) return { ok: true, operation: 'reverse' };
  if (operation === 'reverse')
    return {
      ok: false,
      code: 'CANCELLATION_NOT_FOUND',
      message: `The event log holds no cancellation of ticket ${ticket.ticketId}`,
    };
  return { ok: true, operation };
}
