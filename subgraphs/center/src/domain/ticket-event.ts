import {
  isIsoDateTime,
  readTicketEvent,
  type StoredTicketEvent,
  type TicketEvent,
} from '@sportskk/contracts';

/** An event as the log records it: what the view reads of it. */
export interface LoggedEvent extends StoredTicketEvent {
  readonly revision: bigint;
  readonly metadata: {
    readonly correlationId: string;
    readonly time?: unknown;
    readonly schemaVersion?: unknown;
  };
  readonly recordedAt: Date;
}

/** A ticket event as the view needs it: checked data, its place in the stream, when it happened and for which request. */
export interface ViewedTicketEvent {
  readonly ticketId: string;
  readonly event: TicketEvent;
  /** The stream revision. */
  readonly version: number;
  /** metadata.time when it is a valid date-time, else when the store recorded it; ISO-8601 in UTC. */
  readonly at: string;
  readonly correlationId: string;
}

/**
 * Reads a logged event as a ticket event, or undefined when it is not one (see readTicketEvent), or its revision
 * is beyond what a JS number holds exactly. Times in the data are normalised to ISO-8601 UTC with milliseconds,
 * so every store sorts them alike.
 */
export function viewTicketEvent(logged: LoggedEvent): ViewedTicketEvent | undefined {
  const reading = readTicketEvent(logged);
  if (!reading.ok) return undefined;
  const version = Number(logged.revision);
  if (!Number.isSafeInteger(version) || version < 0) return undefined;
  const at = isoTime(logged.metadata.time) ?? isoTime(logged.recordedAt);
  if (at === undefined) return undefined;
  const event = normalised(reading.event);
  return {
    ticketId: event.data.ticketId,
    event,
    version,
    at,
    correlationId: logged.metadata.correlationId,
  };
}

function normalised(event: TicketEvent): TicketEvent {
  switch (event.type) {
    case 'TicketPurchased': {
      const { ticketId, buyerId, teamCode, betCredit, purchasedAt } = event.data;
      return {
        type: event.type,
        data: { ticketId, buyerId, teamCode, betCredit, purchasedAt: isoTime(purchasedAt)! },
      };
    }
    case 'TicketApproved':
      return {
        type: event.type,
        data: { ...event.data, approvedAt: isoTime(event.data.approvedAt)! },
      };
    case 'TicketCancelled':
      return {
        type: event.type,
        data: { ...event.data, cancelledAt: isoTime(event.data.cancelledAt)! },
      };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

/** A date-time (ISO-8601 with a zone, or a Date) as `YYYY-MM-DDTHH:mm:ss.sssZ`; undefined when it is not one. */
export function isoTime(value: unknown): string | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  return isIsoDateTime(value) ? new Date(value).toISOString() : undefined;
}
