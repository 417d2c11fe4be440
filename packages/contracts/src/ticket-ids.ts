const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ticket ids are UUIDs: ticketing makes them, every other service only ever receives them. */
export function isTicketId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
