import { randomUUID } from 'node:crypto';
import type { EventMetadata, JsonObject, NewEvent } from '../port.ts';

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A valid event with defaults; override what the test is about. */
export function newEvent(
  overrides: Omit<Partial<NewEvent>, 'metadata'> & {
    data?: JsonObject;
    metadata?: Partial<EventMetadata>;
  } = {},
): NewEvent {
  return {
    type: overrides.type ?? 'SomethingHappened',
    data: overrides.data ?? { value: 1 },
    metadata: {
      correlationId: randomUUID(),
      actor: 'contract-test',
      time: '2026-01-01T00:00:00.000Z',
      ...overrides.metadata,
    } as EventMetadata,
    ...(overrides.id ? { id: overrides.id } : {}),
  };
}
