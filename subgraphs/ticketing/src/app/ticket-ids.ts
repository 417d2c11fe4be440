import { createHash } from 'node:crypto';

/**
 * The ticket id for an actor's idempotency key: the same key always names the same stream, so a retried purchase
 * meets its own first attempt through the event store's optimistic concurrency (a UUID, version 8 layout).
 * Keys are scoped to the actor: two buyers choosing the same key get different tickets.
 */
export function ticketIdForIdempotencyKey(actor: string, key: string): string {
  const hex = createHash('sha256')
    .update(JSON.stringify(['sportskk-ticket', actor, key]))
    .digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
