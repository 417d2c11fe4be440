import type { RecordedEvent } from '@sportskk/event-store';
import { ticketStream, type TicketEvent } from '@sportskk/ticketing/events';

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
 * Reads a recorded event as a ticket event, or undefined when it is not one: another type, data of the wrong
 * shape, a stream that is not `ticket-<data.ticketId>`, or a revision beyond what a JS number holds exactly.
 * Times in the data are normalised to ISO-8601 UTC with milliseconds, so every store sorts them alike.
 */
export function readTicketEvent(recorded: RecordedEvent): ViewedTicketEvent | undefined {
  const event = ticketEventOf(recorded.type, recorded.data);
  if (!event || recorded.streamName !== ticketStream(event.data.ticketId)) return undefined;
  const version = Number(recorded.revision);
  if (!Number.isSafeInteger(version) || version < 0) return undefined;
  const at = isoTime(recorded.metadata.time) ?? isoTime(recorded.recordedAt);
  if (at === undefined) return undefined;
  return { ticketId: event.data.ticketId, event, version, at, correlationId: recorded.metadata.correlationId };
}

function ticketEventOf(type: string, data: Readonly<Record<string, unknown>>): TicketEvent | undefined {
  const ticketId = text(data.ticketId);
  if (ticketId === undefined) return undefined;
  switch (type) {
    case 'TicketPurchased': {
      const teamCode = text(data.teamCode);
      const betCredit = credits(data.betCredit);
      const purchasedAt = isoTime(data.purchasedAt);
      if (teamCode === undefined || betCredit === undefined || purchasedAt === undefined) return undefined;
      return { type, data: { ticketId, teamCode, betCredit, purchasedAt } };
    }
    case 'TicketApproved': {
      const approvedAt = isoTime(data.approvedAt);
      return approvedAt === undefined ? undefined : { type, data: { ticketId, approvedAt } };
    }
    case 'TicketCancelled': {
      const teamCode = text(data.teamCode);
      const betCredit = credits(data.betCredit);
      const cancelledAt = isoTime(data.cancelledAt);
      if (teamCode === undefined || betCredit === undefined || cancelledAt === undefined) return undefined;
      return { type, data: { ticketId, teamCode, betCredit, cancelledAt } };
    }
    default:
      return undefined;
  }
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time (or Date) as `YYYY-MM-DDTHH:mm:ss.sssZ`; undefined when it is not one. */
export function isoTime(value: unknown): string | undefined {
  const date = value instanceof Date ? value : typeof value === 'string' && ISO_DATE_TIME.test(value) ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function credits(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
