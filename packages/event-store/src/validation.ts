import type { EventFilter, ExpectedRevision, JsonValue, NewEvent } from './port.ts';
import { invalidInput } from './errors.ts';

const MAX_STREAM_NAME = 500;
const MAX_EVENT_TYPE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function validateStreamName(streamName: unknown): asserts streamName is string {
  if (typeof streamName !== 'string' || streamName.trim() === '')
    throw invalidInput('Stream name must be a non-empty string');
  if (streamName.length > MAX_STREAM_NAME)
    throw invalidInput(`Stream name longer than ${MAX_STREAM_NAME} characters`);
  if (streamName.startsWith('$'))
    throw invalidInput(`Stream names starting with "$" are reserved: "${streamName}"`);
  checkText(streamName, 'Stream name');
}

function validateExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return;
  if (typeof expected === 'bigint' && expected >= 0n) return;
  throw invalidInput(
    `Expected revision must be 'any', 'no_stream', 'stream_exists' or a bigint >= 0, got ${String(expected)}`,
  );
}

/** Everything an append must satisfy before any I/O; returns the expectation with its default ('any'). */
export function validateAppend(
  streamName: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision | undefined,
): ExpectedRevision {
  validateStreamName(streamName);
  validateEvents(events);
  const expected = expectedRevision ?? 'any';
  validateExpectedRevision(expected);
  return expected;
}

/** Rejects anything the stores could not keep exactly as given; runs before any I/O. */
function validateEvents(events: readonly NewEvent[]): void {
  if (!Array.isArray(events) || events.length === 0)
    throw invalidInput('Append needs at least one event');
  events.forEach((event, index) => {
    const at = `Event ${index}`;
    if (typeof event !== 'object' || event === null) throw invalidInput(`${at} must be an object`);
    if (typeof event.type !== 'string' || event.type.trim() === '')
      throw invalidInput(`${at}: type must be a non-empty string`);
    if (event.type.length > MAX_EVENT_TYPE || event.type.startsWith('$'))
      throw invalidInput(`${at}: invalid type "${event.type}"`);
    checkText(event.type, `${at} type`);
    if (event.id !== undefined && (typeof event.id !== 'string' || !UUID.test(event.id)))
      throw invalidInput(`${at}: id must be a UUID`);
    checkJsonObject(event.data, `${at} data`);
    checkJsonObject(event.metadata, `${at} metadata`);
    if (typeof event.metadata.correlationId !== 'string' || event.metadata.correlationId === '') {
      throw invalidInput(`${at}: metadata.correlationId must be a non-empty string`);
    }
  });
}

export function validateMaxCount(maxCount: unknown): void {
  if (maxCount === undefined) return;
  if (typeof maxCount !== 'number' || !Number.isSafeInteger(maxCount) || maxCount < 1)
    throw invalidInput('maxCount must be a positive integer');
}

export function validateFilter(filter: EventFilter | undefined): void {
  if (filter === undefined) return;
  for (const list of [filter.streamPrefixes, filter.eventTypes]) {
    if (list === undefined) continue;
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      list.some((item) => typeof item !== 'string' || item === '')
    ) {
      throw invalidInput('Filter lists must be non-empty lists of non-empty strings');
    }
  }
}

export function matchesFilter(
  filter: EventFilter | undefined,
  event: { streamName: string; type: string },
): boolean {
  if (!filter) return true;
  if (
    filter.streamPrefixes &&
    !filter.streamPrefixes.some((prefix) => event.streamName.startsWith(prefix))
  )
    return false;
  if (filter.eventTypes && !filter.eventTypes.includes(event.type)) return false;
  return true;
}

function checkJsonObject(value: unknown, at: string): void {
  if (!isPlainObject(value)) throw invalidInput(`${at} must be a JSON object`);
  checkJson(value, at, new Set());
}

/** JSON as every adapter can store it: no undefined/function/bigint/NaN, no cycles, no NUL or lone surrogates. */
function checkJson(value: unknown, at: string, seen: Set<object>): asserts value is JsonValue {
  if (value === null || typeof value === 'boolean') return;
  if (typeof value === 'string') return checkText(value, at);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidInput(`${at} is not JSON: ${value}`);
    return;
  }
  if (typeof value !== 'object') throw invalidInput(`${at} is not JSON: a ${typeof value}`);
  if (seen.has(value)) throw invalidInput(`${at} is not JSON: it contains a cycle`);
  seen.add(value);
  if (Array.isArray(value)) value.forEach((item, i) => checkJson(item, `${at}[${i}]`, seen));
  else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      checkText(key, `${at} key`);
      if (item === undefined)
        throw invalidInput(`${at}.${key} is undefined, which JSON cannot hold`);
      checkJson(item, `${at}.${key}`, seen);
    }
  } else
    throw invalidInput(`${at} is not JSON: a ${value.constructor?.name ?? 'non-plain'} object`);
  seen.delete(value);
}

function checkText(text: string, at: string): void {
  if (text.includes('\u0000'))
    throw invalidInput(`${at} contains a NUL character, which the stores cannot keep`);
  if (!text.isWellFormed()) throw invalidInput(`${at} contains a lone UTF-16 surrogate`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
