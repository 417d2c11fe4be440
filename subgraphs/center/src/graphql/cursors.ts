import type { EventStoreKind, GlobalPosition } from '@sportskk/event-store';
import { isListCursor, type TicketListCursor } from '../domain/ticket-list.ts';

const CURSOR_VERSION = 1;

/** Every cursor is opaque to clients: base64url of a small versioned JSON array. */
const encoded = (parts: readonly unknown[]) =>
  Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

/** The array of `length` items `text` encodes, or undefined. Never throws. */
function decoded(text: string, maxLength: number, length: number): unknown[] | undefined {
  if (text.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  return Array.isArray(parsed) && parsed.length === length ? parsed : undefined;
}

export function encodeCursor(cursor: TicketListCursor): string {
  return encoded([CURSOR_VERSION, cursor.purchasedAt, cursor.id]);
}

/** The cursor, or undefined when `text` is not one this list made. Never throws. */
export function decodeCursor(text: string): TicketListCursor | undefined {
  const parsed = decoded(text, 8192, 3);
  if (!parsed || parsed[0] !== CURSOR_VERSION) return undefined;
  const [, purchasedAt, id] = parsed as [unknown, unknown, unknown];
  return isListCursor(purchasedAt, id)
    ? { purchasedAt: purchasedAt as string, id: id as string }
    : undefined;
}

const STATUS_CURSOR = 's1';
const PART = /^(0|[1-9]\d{0,19})$/;

/** A status change's cursor: the event store kind and the event's position, opaque to clients. */
export function encodeStatusCursor(eventStore: EventStoreKind, position: GlobalPosition): string {
  return encoded([
    STATUS_CURSOR,
    eventStore,
    String(position.transaction),
    String(position.sequence),
  ]);
}

/** The position, or undefined when `text` is not a status cursor of an `eventStore` store. Never throws. */
export function decodeStatusCursor(
  text: string,
  eventStore: EventStoreKind,
): GlobalPosition | undefined {
  const parsed = decoded(text, 200, 4);
  if (!parsed) return undefined;
  const [version, kind, transaction, sequence] = parsed;
  if (version !== STATUS_CURSOR || kind !== eventStore) return undefined;
  if (typeof transaction !== 'string' || typeof sequence !== 'string') return undefined;
  // The start of an empty log (what ticketStatusCursor gives before any event) is the one negative position.
  if (transaction === '-1' && sequence === '-1') return { transaction: -1n, sequence: -1n };
  if (!PART.test(transaction) || !PART.test(sequence)) return undefined;
  const position = { transaction: BigInt(transaction), sequence: BigInt(sequence) };
  return position.transaction < 2n ** 64n && position.sequence < 2n ** 64n ? position : undefined;
}
