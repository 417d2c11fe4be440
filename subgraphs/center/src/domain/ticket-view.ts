import type { TicketEventType, TicketStatus } from '@sportskk/contracts';
import { viewTicketEvent, type LoggedEvent, type ViewedTicketEvent } from './ticket-event.ts';

export type TicketViewStatus = TicketStatus;

/** One event of the ticket's stream, as the history shows it. */
export interface TicketHistoryEntry {
  readonly type: TicketEventType;
  /** The event's stream revision. */
  readonly version: number;
  /** ISO-8601 UTC: the event's metadata.time, else when the store recorded it. */
  readonly at: string;
  readonly correlationId: string;
}

interface TicketViewFields {
  readonly id: string;
  /** Who bought it (the subject of their identity). */
  readonly buyerId: string;
  readonly teamCode: string;
  readonly betCredit: number;
  /** The stream revision of the last event folded in; events at or below it change nothing. */
  readonly version: number;
  readonly purchasedAt: string;
  /** `at` of the last event folded in. */
  readonly updatedAt: string;
  readonly history: readonly TicketHistoryEntry[];
}

/** The read model of one ticket (a JSON document), keyed by status so an impossible combination cannot be stored. */
export type TicketViewDocument =
  | (TicketViewFields & {
      readonly status: 'PENDING';
      readonly approvedAt: null;
      readonly cancelledAt: null;
    })
  | (TicketViewFields & {
      readonly status: 'APPROVED';
      readonly approvedAt: string;
      readonly cancelledAt: null;
    })
  | (TicketViewFields & {
      readonly status: 'CANCELLED';
      readonly approvedAt: string | null;
      readonly cancelledAt: string;
    });

/**
 * Folds one recorded event into the ticket's document. Returns `doc` itself (same reference) when the event
 * changes nothing: not a well-formed ticket event, another ticket's, or at or below the document's version
 * (a replay or a duplicate delivery). Events other than the purchase cannot start a document: they yield null.
 * Never throws.
 */
export function evolve(
  doc: TicketViewDocument | null,
  logged: LoggedEvent,
): TicketViewDocument | null {
  const viewed = viewTicketEvent(logged);
  if (!viewed) return doc;
  if (doc && (doc.id !== viewed.ticketId || viewed.version <= doc.version)) return doc;
  return doc ? next(doc, viewed) : start(viewed);
}

function start(viewed: ViewedTicketEvent): TicketViewDocument | null {
  const { event } = viewed;
  if (event.type !== 'TicketPurchased') return null;
  const { ticketId, buyerId, teamCode, betCredit, purchasedAt } = event.data;
  return {
    id: ticketId,
    buyerId,
    teamCode,
    betCredit,
    status: 'PENDING',
    version: viewed.version,
    purchasedAt,
    approvedAt: null,
    cancelledAt: null,
    updatedAt: viewed.at,
    history: [historyEntry(viewed)],
  };
}

/** A later event of an existing ticket: always recorded in the history; the status moves as ticketing's rules allow. */
function next(doc: TicketViewDocument, viewed: ViewedTicketEvent): TicketViewDocument {
  const recorded = {
    ...doc,
    version: viewed.version,
    updatedAt: viewed.at,
    history: [...doc.history, historyEntry(viewed)],
  };
  const { event } = viewed;
  switch (event.type) {
    case 'TicketPurchased':
      return recorded;
    case 'TicketApproved':
      return recorded.status === 'PENDING'
        ? { ...recorded, status: 'APPROVED', approvedAt: event.data.approvedAt }
        : recorded;
    case 'TicketCancelled':
      return recorded.status === 'CANCELLED'
        ? recorded
        : { ...recorded, status: 'CANCELLED', cancelledAt: event.data.cancelledAt };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

function historyEntry(viewed: ViewedTicketEvent): TicketHistoryEntry {
  return {
    type: viewed.event.type,
    version: viewed.version,
    at: viewed.at,
    correlationId: viewed.correlationId,
  };
}

/** The ticket id a logged event belongs to, when it is a well-formed ticket event. */
export function ticketIdOf(logged: LoggedEvent): string | undefined {
  return viewTicketEvent(logged)?.ticketId;
}
