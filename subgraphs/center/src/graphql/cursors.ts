import type { EventStoreKind, GlobalPosition } from '@sportskk/event-store';
import { isListCursor, type TicketListCursor } from '../domain/ticket-list.ts';

const CURSOR_VERSION = 1;

/** Opaque to clients: base64url of a small versioned JSON array. */
export function encodeCursor(cursor: TicketListCursor): string {
  return Buffer.from(
    JSON.stringify([CURSOR_VERSION, cursor.purchasedAt, cursor.id]),
    'utf8',
  ).toString('base64url');
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
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== CURSOR_VERSION)
    return undefined;
  const [, purchasedAt, id] = parsed as [unknown, unknown, unknown];
  return isListCursor(purchasedAt, id)
    ? { purchasedAt: purchasedAt as string, id: id as string }
    : undefined;
}

const STATUS_CURSOR = 's1';
const PART = /^(0|[1-9]\d{0,19})$/;

/** A status change's cursor: the event store kind and the event's position, opaque to clients. */
export function encodeStatusCursor(eventStore: EventStoreKind, position: GlobalPosition): string {
  const parts = [
    STATUS_CURSOR,
    eventStore,
    String(position.transaction),
    String(position.sequence),
  ];
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** The position, or undefined when `text` is not a status cursor of an `eventStore` store. Never throws. */
export function decodeStatusCursor(
  text: string,
  eventStore: EventStoreKind,
): GlobalPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return undefined;
  const [version, kind, transaction, sequence] = parsed as unknown[];
  if (version !== STATUS_CURSOR || kind !== eventStore) return undefined;
  if (typeof transaction !== 'string' || typeof sequence !== 'string') return undefined;
  if (!PART.test(transaction) || !PART.test(sequence)) return undefined;
  const position = { transaction: BigInt(transaction), sequence: BigInt(sequence) };
  return position.transaction < 2n ** 64n && position.sequence < 2n ** 64n ? position : undefined;
}
