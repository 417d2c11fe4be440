import type { ExpectedRevision } from './port.ts';

export type EventStoreErrorCode =
  | 'WRONG_EXPECTED_VERSION'
  | 'INVALID_INPUT'
  | 'STORE_CLOSED'
  /** A stream holds an event that is not one of ours (not JSON-object data with our metadata): never skipped. */
  | 'MALFORMED_EVENT';

/** The one error type of the port; `code` is stable, the message is for people. */
export class EventStoreError extends Error {
  override readonly name = 'EventStoreError';
  readonly code: EventStoreErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    code: EventStoreErrorCode,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/** `actual` is the current revision, or 'no_stream'. */
export function wrongExpectedVersion(
  streamName: string,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): EventStoreError {
  return new EventStoreError(
    'WRONG_EXPECTED_VERSION',
    `Stream "${streamName}": expected ${String(expected)}, but it is at ${String(actual)}`,
    { streamName, expected, actual },
  );
}

export function invalidInput(message: string): EventStoreError {
  return new EventStoreError('INVALID_INPUT', message);
}

export function isWrongExpectedVersion(error: unknown): error is EventStoreError {
  return error instanceof EventStoreError && error.code === 'WRONG_EXPECTED_VERSION';
}
