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
