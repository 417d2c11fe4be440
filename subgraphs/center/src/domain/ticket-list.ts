import type { TicketViewDocument, TicketViewStatus } from './ticket-view.ts';
import { isoTime } from './ticket-event.ts';

/** Which tickets a list shows; absent fields do not filter. */
export interface TicketListFilter {
  readonly status?: TicketViewStatus;
  readonly teamCode?: string;
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

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export type TicketListFailure =
  | { readonly ok: false; readonly code: 'INVALID_PAGE_SIZE'; readonly argument: 'first'; readonly message: string }
  | { readonly ok: false; readonly code: 'INVALID_CURSOR'; readonly argument: 'after'; readonly message: string };

/** Checks the arguments of a list request; null means "not given" (GraphQL clients send it for absent variables). */
export function ticketListQuery(args: {
  readonly filter?: { readonly status?: TicketViewStatus | null; readonly teamCode?: string | null } | null;
  readonly first?: number | null;
  readonly after?: string | null;
}): { readonly ok: true; readonly query: TicketListQuery } | TicketListFailure {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    return { ok: false, code: 'INVALID_PAGE_SIZE', argument: 'first', message: `first must be a whole number from 1 to ${MAX_PAGE_SIZE}, got ${first}` };
  }
  const filter = withoutNulls(args.filter ?? {});
  if (args.after === undefined || args.after === null) return { ok: true, query: { filter, first } };
  const after = decodeCursor(args.after);
  if (!after) return { ok: false, code: 'INVALID_CURSOR', argument: 'after', message: 'after is not a cursor returned by this list' };
  return { ok: true, query: { filter, first, after } };
}

function withoutNulls(filter: { readonly status?: TicketViewStatus | null; readonly teamCode?: string | null }): TicketListFilter {
  return {
    ...(filter.status != null ? { status: filter.status } : {}),
    ...(filter.teamCode != null ? { teamCode: filter.teamCode } : {}),
  };
}

const CURSOR_VERSION = 1;

export function cursorOf(ticket: Pick<TicketViewDocument, 'purchasedAt' | 'id'>): TicketListCursor {
  return { purchasedAt: ticket.purchasedAt, id: ticket.id };
}

/** Opaque to clients: base64url of a small versioned JSON array. */
export function encodeCursor(cursor: TicketListCursor): string {
  return Buffer.from(JSON.stringify([CURSOR_VERSION, cursor.purchasedAt, cursor.id]), 'utf8').toString('base64url');
}

/** The cursor, or undefined when `text` is not one this list made. Never throws. */
export function decodeCursor(text: string): TicketListCursor | undefined {
  if (!/^[A-Za-z0-9_-]{1,8192}$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== CURSOR_VERSION) return undefined;
  const [, purchasedAt, id] = parsed as [unknown, unknown, unknown];
  if (typeof purchasedAt !== 'string' || isoTime(purchasedAt) !== purchasedAt) return undefined;
  if (typeof id !== 'string' || id.length === 0) return undefined;
  return { purchasedAt, id };
}

/** The order of every list, as a comparator (for in-memory checks and tests). */
export function compareForList(a: TicketListCursor, b: TicketListCursor): number {
  if (a.purchasedAt !== b.purchasedAt) return a.purchasedAt < b.purchasedAt ? 1 : -1;
  return a.id === b.id ? 0 : compareCodePoints(a.id, b.id) < 0 ? 1 : -1;
}

/** Orders strings by Unicode code point, as PostgreSQL's "C" collation (UTF-8 bytes) and MongoDB do. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
