import type { RecordedEvent } from '@sportskk/event-store';
import type { TicketEventType } from '@sportskk/ticketing/events';
import { readTicketEvent, type ViewedTicketEvent } from './ticket-event.ts';

export type TicketViewStatus = 'PENDING' | 'APPROVED' | 'CANCELLED';

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
  | (TicketViewFields & { readonly status: 'PENDING'; readonly approvedAt: null; readonly cancelledAt: null })
  | (TicketViewFields & { readonly status: 'APPROVED'; readonly approvedAt: string; readonly cancelledAt: null })
  | (TicketViewFields & { readonly status: 'CANCELLED'; readonly approvedAt: string | null; readonly cancelledAt: string });

/**
 * Folds one recorded event into the ticket's document. Returns `doc` itself (same reference) when the event
 * changes nothing: not a well-formed ticket event, another ticket's, or at or below the document's version
 * (a replay or a duplicate delivery). Events other than the purchase cannot start a document: they yield null.
 * Never throws.
 */
export function evolve(doc: TicketViewDocument | null, recorded: RecordedEvent): TicketViewDocument | null {
  const viewed = readTicketEvent(recorded);
  if (!viewed) return doc;
  if (doc && (doc.id !== viewed.ticketId || viewed.version <= doc.version)) return doc;
  return doc ? next(doc, viewed) : start(viewed);
}

function start(viewed: ViewedTicketEvent): TicketViewDocument | null {
  const { event } = viewed;
  if (event.type !== 'TicketPurchased') return null;
  const { ticketId, teamCode, betCredit, purchasedAt } = event.data;
  return {
    id: ticketId,
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
  const recorded = { ...doc, version: viewed.version, updatedAt: viewed.at, history: [...doc.history, historyEntry(viewed)] };
  const { event } = viewed;
  switch (event.type) {
    case 'TicketPurchased':
      return recorded;
    case 'TicketApproved':
      return recorded.status === 'PENDING' ? { ...recorded, status: 'APPROVED', approvedAt: event.data.approvedAt } : recorded;
    case 'TicketCancelled':
      return recorded.status === 'CANCELLED' ? recorded : { ...recorded, status: 'CANCELLED', cancelledAt: event.data.cancelledAt };
    default: {
      const unexpected: never = event;
      return unexpected;
    }
  }
}

function historyEntry(viewed: ViewedTicketEvent): TicketHistoryEntry {
  return { type: viewed.event.type, version: viewed.version, at: viewed.at, correlationId: viewed.correlationId };
}

/** The ticket id a recorded event belongs to, when it is a well-formed ticket event. */
export function ticketIdOf(recorded: RecordedEvent): string | undefined {
  return readTicketEvent(recorded)?.ticketId;
}

/** What a live status feed needs to know after an apply. */
export interface TicketStatusChange {
  readonly ticketId: string;
  readonly status: TicketViewStatus;
  /** null when the apply created the ticket's document. */
  readonly previousStatus: TicketViewStatus | null;
  readonly version: number;
  readonly at: string;
}

/** The status change between two versions of a document, or undefined when the status stayed. */
export function statusChange(previous: TicketViewDocument | null, current: TicketViewDocument | null): TicketStatusChange | undefined {
  if (!current || previous?.status === current.status) return undefined;
  return { ticketId: current.id, status: current.status, previousStatus: previous?.status ?? null, version: current.version, at: current.updatedAt };
}
