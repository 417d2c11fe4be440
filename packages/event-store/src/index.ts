export type * from './port.ts';
export {
  EventStoreError,
  isWrongExpectedVersion,
  wrongExpectedVersion,
  invalidInput,
  type EventStoreErrorCode,
} from './errors.ts';
export { START, comparePositions, formatPosition, parsePosition } from './position.ts';
export { matchesFilter } from './validation.ts';
export {
  createInMemoryEventStore,
  createInMemoryEventStorage,
  type InMemoryEventStorage,
} from './in-memory/in-memory-event-store.ts';
