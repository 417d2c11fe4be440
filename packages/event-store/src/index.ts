export type * from './port.ts';
export { isWrongExpectedVersion, type EventStoreErrorCode } from './errors.ts';
export { comparePositions, formatPosition, parsePosition } from './position.ts';
export { createInMemoryEventStore } from './in-memory/in-memory-event-store.ts';
