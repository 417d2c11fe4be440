import type { TicketListCursor } from '../domain/ticket-list.ts';

/** The order of every list, as a comparator: newest purchase first, then the greater id by code point. */
export function compareForList(a: TicketListCursor, b: TicketListCursor): number {
  if (a.purchasedAt !== b.purchasedAt) return a.purchasedAt < b.purchasedAt ? 1 : -1;
  return a.id === b.id ? 0 : compareCodePoints(a.id, b.id) < 0 ? 1 : -1;
}

/** Orders strings by Unicode code point, as PostgreSQL's "C" collation (UTF-8 bytes) and MongoDB do. */
export function compareCodePoints(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
