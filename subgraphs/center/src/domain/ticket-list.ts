import type { TicketViewDocument, TicketViewStatus } from './ticket-view.ts';
import { isoTime } from './ticket-event.ts';

/** Which tickets a list shows; absent fields do not filter. */
export interface TicketListFilter {
  readonly status?: TicketViewStatus;
  readonly teamCode?: string;
  /** Only this buyer's tickets (myTickets). */
  readonly buyerId?: string;
}

/** Where a page starts: the sort key of the last ticket of the previous page (exclusive). */
export interface TicketListCursor {
  readonly purchasedAt: string;
  readonly id: string;
}

/** Newest purchase first; among equal purchase times, the greater id (compared by code point) first. */
export interface TicketListQuery {
  readonly filter: TicketListFilter;
  /** 1 to MAX_PAGE_SIZE. */
  readonly first: number;
  readonly after?: TicketListCursor;
}

export interface TicketListPage {
  readonly tickets: readonly TicketViewDocument[];
  readonly hasNextPage: boolean;
  /** Every ticket matching the filter, on every page. */
  readonly totalCount: number;
}

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

export type TicketListFailure =
  | {
      readonly ok: false;
      readonly code: 'INVALID_PAGE_SIZE';
      readonly argument: 'first';
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly code: 'INVALID_CURSOR';
      readonly argument: 'after';
      readonly message: string;
    };

/** A cursor argument as the API layer decoded it: none given, a cursor this list made, or something else. */
export type CursorArgument =
  | { readonly given: false }
  | { readonly given: true; readonly cursor: TicketListCursor | undefined };

/** Checks the arguments of a list request; null means "not given" (GraphQL clients send it for absent variables). */
export function ticketListQuery(args: {
  readonly filter?: {
    readonly status?: TicketViewStatus | null;
    readonly teamCode?: string | null;
  } | null;
  readonly first?: number | null;
  readonly after: CursorArgument;
  /** Lists only this buyer's tickets. */
  readonly buyerId?: string;
}): { readonly ok: true; readonly query: TicketListQuery } | TicketListFailure {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    const message = `first must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${first}`;
    return { ok: false, code: 'INVALID_PAGE_SIZE', argument: 'first', message };
  }
  const filter = {
    ...withoutNulls(args.filter ?? {}),
    ...(args.buyerId === undefined ? {} : { buyerId: args.buyerId }),
  };
  if (!args.after.given) return { ok: true, query: { filter, first } };
  const after = args.after.cursor;
  if (!after)
    return {
      ok: false,
      code: 'INVALID_CURSOR',
      argument: 'after',
      message: 'after is not a cursor returned by this list',
    };
  return { ok: true, query: { filter, first, after } };
}

function withoutNulls(filter: {
  readonly status?: TicketViewStatus | null;
  readonly teamCode?: string | null;
}): TicketListFilter {
  return {
    ...(filter.status != null ? { status: filter.status } : {}),
    ...(filter.teamCode != null ? { teamCode: filter.teamCode } : {}),
  };
}

export function cursorOf(ticket: Pick<TicketViewDocument, 'purchasedAt' | 'id'>): TicketListCursor {
  return { purchasedAt: ticket.purchasedAt, id: ticket.id };
}

/** Whether decoded cursor parts can be a cursor of this list: a normalised purchase time and an id. */
export function isListCursor(purchasedAt: unknown, id: unknown): boolean {
  return (
    typeof purchasedAt === 'string' &&
    isoTime(purchasedAt) === purchasedAt &&
    typeof id === 'string' &&
    id.length > 0
  );
}
