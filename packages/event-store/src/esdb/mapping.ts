/** Pure translations between the port's types and @eventstore/db-client's. No I/O. */
import {
  ANY,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  START,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult as ClientAppendResult,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type {
  EventFilter,
  EventMetadata,
  ExpectedRevision,
  GlobalPosition,
  JsonObject,
  NewEvent,
  RecordedEvent,
} from '../port.ts';
import { EventStoreError, wrongExpectedVersion } from '../errors.ts';
import { comparePositions } from '../position.ts';

export function toClientExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return expected;
  }
}

/** transaction = commit position, sequence = prepare position: ESDB orders $all by (commit, prepare). */
export function toClientPosition(position: GlobalPosition): Position {
  return { commit: position.transaction, prepare: position.sequence };
}

export function fromClientPosition(position: Position): GlobalPosition {
  return { transaction: position.commit, sequence: position.prepare };
}

/** Where to start reading $all for events after `after`; START for none or a position before the log (e.g. `START` of position.ts). */
export function toReadPosition(after: GlobalPosition | undefined): ReadPosition {
  if (!after || after.transaction < 0n || after.sequence < 0n) return START;
  return toClientPosition(after);
}

/** True when `event` lies strictly after `after` (ESDB's fromPosition is inclusive, the port's `after` is not). */
export function isAfter(
  event: { readonly position: GlobalPosition },
  after: GlobalPosition | undefined,
): boolean {
  return after === undefined || comparePositions(event.position, after) > 0;
}

export function toEventData(event: NewEvent): EventData {
  return jsonEvent({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
}

/** The server's "no position" (-1 as an unsigned 64-bit number); never a real place in a log. */
export const UNKNOWN_POSITION_PART = 2n ** 64n - 1n;

/** The position the server sent, or undefined when it sent none or its "unknown position". */
export function knownPosition(position: Position | undefined | null): GlobalPosition | undefined {
  if (!position) return undefined;
  if (position.commit === UNKNOWN_POSITION_PART || position.prepare === UNKNOWN_POSITION_PART)
    return undefined;
  return fromClientPosition(position);
}

/**
 * An append's result; `position` is undefined when the server did not say where the events went (it may answer an
 * idempotent retry so): the adapter then reads it back from the stream.
 */
export function fromAppendResult(result: ClientAppendResult): {
  readonly nextExpectedRevision: bigint;
  readonly position: GlobalPosition | undefined;
} {
  return {
    nextExpectedRevision: result.nextExpectedRevision,
    position: knownPosition(result.position),
  };
}

/**
 * Errors that go away by themselves (the server is restarting or unreachable, leadership moved, a call ran out of
 * time): a subscription reopens after them. Access denied, an invalid position, and this adapter's own refusals do
 * not, so they end it where someone will hear.
 */
export function isTransientEsdbError(error: unknown): boolean {
  return (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError
  );
}

/** The client's WrongExpectedVersionError as the port's error; anything else unchanged. */
export function fromAppendError(
  error: unknown,
  streamName: string,
  expected: ExpectedRevision,
): unknown {
  if (error instanceof WrongExpectedVersionError)
    return wrongExpectedVersion(streamName, expected, error.actualVersion);
  return error;
}

/**
 * Server-side filter for a subscription. With both prefixes and types the server filters by prefix only
 * (ESDB takes one filter); callers always re-check with matchesFilter. No filter: drop system event types.
 */
export function toServerFilter(filter: EventFilter | undefined): Filter {
  if (filter?.streamPrefixes) return streamNameFilter({ prefixes: [...filter.streamPrefixes] });
  if (filter?.eventTypes) return eventTypeFilter({ regex: exactTypesRegex(filter.eventTypes) });
  return excludeSystemEvents();
}

/**
 * A regex matching exactly the listed types, valid in .NET (the server) and JavaScript alike.
 * Lookarounds instead of ^/$: .NET's `$` also matches before a trailing newline.
 */
export function exactTypesRegex(types: readonly string[]): string {
  return `(?<![\\s\\S])(?:${types.map(escapeRegex).join('|')})(?![\\s\\S])`;
}

/** Escapes the regex syntax characters; each escape means the same in .NET and JavaScript. */
function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

function isSystemEvent(streamName: string, type: string): boolean {
  return streamName.startsWith('$') || type.startsWith('$');
}

/**
 * The port's view of a recorded event, or undefined when the event is not ours to return: system events,
 * links, and events that are not JSON-object data with JSON-object metadata carrying a correlationId
 * (binary events, malformed JSON, events written by other tools). Those are skipped, never guessed at.
 */
export function toRecordedEvent(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
): RecordedEvent | undefined {
  const recorded = resolved.event;
  if (!recorded || isSystemEvent(recorded.streamId, recorded.type)) return undefined;
  const { data, metadata } = recorded;
  if (!recorded.isJson || !isJsonObject(data) || !isEventMetadata(metadata)) return undefined;
  const position = knownPosition(recorded.position);
  if (!position)
    throw new Error(
      `EventStoreDB returned no position for event ${recorded.id}; servers before 22.6 are not supported`,
    );
  return {
    id: recorded.id,
    type: recorded.type,
    data,
    metadata,
    streamName: recorded.streamId,
    revision: recorded.revision,
    position,
    recordedAt: recorded.created,
  };
}

/**
 * An event of a stream read (a stream an aggregate is rebuilt from): ours, or an error. Skipping a malformed one
 * would rebuild the aggregate without it.
 */
export function toStreamEvent(
  resolved: ResolvedEvent | AllStreamResolvedEvent,
  streamName: string,
): RecordedEvent {
  const event = toRecordedEvent(resolved);
  if (event) return event;
  const recorded = resolved.event;
  throw new EventStoreError(
    'MALFORMED_EVENT',
    `Stream "${streamName}" holds an event this store cannot read: ${recorded ? `${recorded.type} ${recorded.id} at revision ${recorded.revision}` : 'a link to a deleted event'}`,
    { streamName, ...(recorded ? { eventId: recorded.id, revision: recorded.revision } : {}) },
  );
}

function isJsonObject(value: unknown): value is JsonObject {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Uint8Array)
  );
}

function isEventMetadata(value: unknown): value is EventMetadata {
  return isJsonObject(value) && typeof value.correlationId === 'string';
}
