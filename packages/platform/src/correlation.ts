import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export const CORRELATION_HEADER = 'x-correlation-id';

const storage = new AsyncLocalStorage<string>();

/** Runs `work` with `correlationId` visible to logs and outgoing calls made inside it. */
export function withCorrelationId<T>(correlationId: string, work: () => T): T {
  return storage.run(correlationId, work);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

/** A usable id from a header value: kept when it is a short printable token, otherwise a new one. */
export function correlationIdFrom(
  header: string | string[] | undefined,
  newId: () => string = randomUUID,
): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : newId();
}
