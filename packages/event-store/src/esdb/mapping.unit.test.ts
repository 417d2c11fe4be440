import { randomUUID } from 'node:crypto';
import {
  ANY,
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  InvalidArgumentError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { EventStoreError } from '../errors.ts';
import { START as PORT_START } from '../position.ts';
import { matchesFilter } from '../validation.ts';
import {
  exactTypesRegex,
  fromAppendError,
  fromAppendResult,
  fromClientPosition,
  isAfter,
  isTransientEsdbError,
  knownPosition,
  toClientExpectedRevision,
  toClientPosition,
  toEventData,
  toReadPosition,
  toRecordedEvent,
  toServerFilter,
  UNKNOWN_POSITION_PART,
} from './mapping.ts';

const HUGE = 2n ** 53n + 1n; // not representable as a number
const created = new Date('2026-03-01T12:00:00.000Z');

function jsonResolved(
  overrides: {
    streamId?: string;
    type?: string;
    data?: unknown;
    metadata?: unknown;
    position?: { commit: bigint; prepare: bigint } | null;
  } = {},
): AllStreamResolvedEvent {
  const position =
    overrides.position === null
      ? undefined
      : (overrides.position ?? { commit: HUGE + 10n, prepare: HUGE + 3n });
  const event = {
    streamId: overrides.streamId ?? 'ticket-1',
    id: randomUUID(),
    isJson: true as const,
    revision: HUGE,
    type: overrides.type ?? 'TicketPurchased',
    created,
    data: 'data' in overrides ? overrides.data : { teamCode: 'KT' },
    metadata: 'metadata' in overrides ? overrides.metadata : { correlationId: 'c-1', actor: 'fan' },
    position,
  };
  return { event, commitPosition: position?.commit } as AllStreamResolvedEvent;
}

describe('expected revision', () => {
  it.each([
    ['any', ANY],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    [0n, 0n],
    [HUGE, HUGE],
  ] as const)('maps %s', (ours, theirs) => {
    expect(toClientExpectedRevision(ours)).toBe(theirs);
  });
});

describe('positions', () => {
  it('maps transaction to commit and sequence to prepare, both ways, beyond 2^53', () => {
    const ours = { transaction: HUGE + 7n, sequence: HUGE };
    expect(toClientPosition(ours)).toEqual({ commit: HUGE + 7n, prepare: HUGE });
    expect(fromClientPosition({ commit: HUGE + 7n, prepare: HUGE })).toEqual(ours);
  });

  it('starts reading at the start for no position or the port START, else at the position', () => {
    expect(toReadPosition(undefined)).toBe(START);
    expect(toReadPosition(PORT_START)).toBe(START);
    expect(toReadPosition({ transaction: 0n, sequence: 0n })).toEqual({ commit: 0n, prepare: 0n });
    expect(toReadPosition({ transaction: 500n, sequence: 400n })).toEqual({
      commit: 500n,
      prepare: 400n,
    });
  });

  it('treats `after` as exclusive, comparing commit then prepare', () => {
    const at = (transaction: bigint, sequence: bigint) => ({ position: { transaction, sequence } });
    const after = { transaction: 100n, sequence: 90n };
    expect(isAfter(at(100n, 90n), after)).toBe(false);
    expect(isAfter(at(100n, 89n), after)).toBe(false);
    expect(isAfter(at(99n, 200n), after)).toBe(false);
    expect(isAfter(at(100n, 91n), after)).toBe(true);
    expect(isAfter(at(101n, 0n), after)).toBe(true);
    expect(isAfter(at(0n, 0n), undefined)).toBe(true);
  });
});

describe('recorded events', () => {
  it('maps a JSON event with revision, position and time exactly', () => {
    const resolved = jsonResolved();
    const event = toRecordedEvent(resolved);
    expect(event).toEqual({
      id: resolved.event!.id,
      type: 'TicketPurchased',
      data: { teamCode: 'KT' },
      metadata: { correlationId: 'c-1', actor: 'fan' },
      streamName: 'ticket-1',
      revision: 2n ** 53n + 1n,
      position: { transaction: 2n ** 53n + 11n, sequence: 2n ** 53n + 4n },
      recordedAt: new Date('2026-03-01T12:00:00.000Z'),
    });
    expect(typeof event!.revision).toBe('bigint');
  });

  it('maps an event read from a stream (ResolvedEvent) the same way', () => {
    const resolved: ResolvedEvent = jsonResolved({ position: { commit: 5n, prepare: 5n } });
    expect(toRecordedEvent(resolved)?.position).toEqual({ transaction: 5n, sequence: 5n });
  });

  it.each([
    ['a system stream', { streamId: '$stats-127.0.0.1:2113' }],
    ['a metadata stream', { streamId: '$$ticket-1', type: '$metadata' }],
    ['a system event type in a user stream', { type: '$>' }],
    ['data that failed to parse (the client hands back the raw string)', { data: '{"broken' }],
    ['array data', { data: [1, 2] }],
    ['null data', { data: null }],
    ['no metadata', { metadata: undefined }],
    ['binary metadata', { metadata: new Uint8Array([1, 2]) }],
    ['metadata without correlationId', { metadata: { actor: 'other-tool' } }],
  ])('skips %s', (_label, overrides) => {
    expect(toRecordedEvent(jsonResolved(overrides))).toBeUndefined();
  });

  it('skips binary events and unresolved links', () => {
    const json = jsonResolved();
    const binary = {
      event: { ...json.event!, isJson: false, data: new TextEncoder().encode('{"a":1}') },
    } as AllStreamResolvedEvent;
    expect(toRecordedEvent(binary)).toBeUndefined();
    expect(toRecordedEvent({ link: json.event as never, commitPosition: 1n })).toBeUndefined();
  });

  it('refuses to invent a position the server did not send', () => {
    expect(() => toRecordedEvent(jsonResolved({ position: null }))).toThrow(/no position/);
  });

  it("refuses the server's unknown position (2^64-1 in both parts) rather than read it as a place in the log", () => {
    const unknown = { commit: UNKNOWN_POSITION_PART, prepare: UNKNOWN_POSITION_PART };
    expect(UNKNOWN_POSITION_PART).toBe(18_446_744_073_709_551_615n);
    expect(() => toRecordedEvent(jsonResolved({ position: unknown }))).toThrow(/no position/);
    expect(knownPosition(unknown)).toBeUndefined();
    expect(knownPosition({ commit: UNKNOWN_POSITION_PART, prepare: 5n })).toBeUndefined();
    expect(knownPosition({ commit: UNKNOWN_POSITION_PART - 1n, prepare: 5n })).toEqual({
      transaction: UNKNOWN_POSITION_PART - 1n,
      sequence: 5n,
    });
  });
});

describe('appends', () => {
  it('builds a JSON event keeping the given id, or a fresh UUID', () => {
    const id = randomUUID();
    const given = toEventData({ id, type: 'A', data: { n: 1 }, metadata: { correlationId: 'c' } });
    expect(given).toEqual({
      id,
      contentType: 'application/json',
      type: 'A',
      data: { n: 1 },
      metadata: { correlationId: 'c' },
    });
    const generated = toEventData({ type: 'A', data: {}, metadata: { correlationId: 'c' } });
    expect(generated.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('maps the append result, and says when it has no position (absent or unknown)', () => {
    expect(
      fromAppendResult({
        success: true,
        nextExpectedRevision: HUGE,
        position: { commit: HUGE + 1n, prepare: HUGE },
      }),
    ).toEqual({
      nextExpectedRevision: HUGE,
      position: { transaction: HUGE + 1n, sequence: HUGE },
    });
    expect(fromAppendResult({ success: true, nextExpectedRevision: 0n })).toEqual({
      nextExpectedRevision: 0n,
      position: undefined,
    });
    const unknown = { commit: UNKNOWN_POSITION_PART, prepare: UNKNOWN_POSITION_PART };
    expect(
      fromAppendResult({ success: true, nextExpectedRevision: 3n, position: unknown }),
    ).toEqual({
      nextExpectedRevision: 3n,
      position: undefined,
    });
  });

  it.each([
    [HUGE, 'no_stream', HUGE],
    ['no_stream', 'stream_exists', 'no_stream'],
    [0n, 5n, 0n],
  ] as const)(
    'maps WrongExpectedVersionError (actual %s, expected %s)',
    (current, expected, actual) => {
      const clientError = new WrongExpectedVersionError(undefined, {
        streamName: 'ticket-1',
        expected: 'any',
        current,
      });
      const mapped = fromAppendError(clientError, 'ticket-1', expected);
      expect(mapped).toBeInstanceOf(EventStoreError);
      expect(mapped).toMatchObject({
        code: 'WRONG_EXPECTED_VERSION',
        details: { streamName: 'ticket-1', expected, actual },
      });
    },
  );

  it('passes other errors through unchanged', () => {
    const other = new Error('unavailable');
    expect(fromAppendError(other, 'ticket-1', 'any')).toBe(other);
  });
});

describe('server-side filters', () => {
  it('filters by stream prefix', () => {
    expect(toServerFilter({ streamPrefixes: ['ticket-', 'x%'] })).toMatchObject({
      filterOn: 'streamName',
      prefixes: ['ticket-', 'x%'],
    });
  });

  it('filters by exact event types, escaping regex characters', () => {
    const types = ['Price(+$)', 'a.b', '[x]', 'a|b', 'back\\slash', '^s{2}?*'];
    const filter = toServerFilter({ eventTypes: types });
    expect(filter).toMatchObject({ filterOn: 'eventType' });
    const regex = new RegExp((filter as { regex: string }).regex);
    for (const type of types) expect(regex.test(type), type).toBe(true);
    for (const other of [
      'Price(+)',
      'Price++$',
      'axb',
      'x',
      'a',
      'b',
      'backxslash',
      'ss',
      'a.bc',
      'xa.b',
      'a.b\n',
      '\na.b',
      'Price(+$)Price(+$)',
    ]) {
      expect(regex.test(other), JSON.stringify(other)).toBe(false);
    }
  });

  it('escapes every regex syntax character', () => {
    const nasty = '\\^$.|?*+()[]{}';
    const regex = new RegExp(exactTypesRegex([nasty]));
    expect(regex.test(nasty)).toBe(true);
    expect(regex.test('\\^$.|?*+()[]{')).toBe(false);
  });

  it('filters by prefix on the server when both are given; the type check stays client side', () => {
    const filter = { streamPrefixes: ['ticket-'], eventTypes: ['Wanted'] };
    expect(toServerFilter(filter)).toMatchObject({ filterOn: 'streamName', prefixes: ['ticket-'] });
    expect(matchesFilter(filter, { streamName: 'ticket-1', type: 'Unwanted' })).toBe(false);
    expect(matchesFilter(filter, { streamName: 'ticket-1', type: 'Wanted' })).toBe(true);
  });

  it('drops system event types on the server when there is no filter', () => {
    const regex = new RegExp((toServerFilter(undefined) as { regex: string }).regex);
    expect(toServerFilter(undefined)).toMatchObject({ filterOn: 'eventType' });
    expect(regex.test('$statsCollected')).toBe(false);
    expect(regex.test('TicketPurchased')).toBe(true);
  });
});

describe('which subscription errors are worth reopening for', () => {
  type ServiceError = NonNullable<ConstructorParameters<typeof UnavailableError>[0]>;
  /** A gRPC failure as the client receives it. */
  const grpc = (code: number, metadata: Record<string, string> = {}) =>
    Object.assign(new Error(`grpc ${code}`), {
      code,
      details: '',
      metadata: { getMap: () => metadata },
    }) as unknown as ServiceError;
  const notLeader = grpc(5, { 'leader-endpoint-host': 'b', 'leader-endpoint-port': '2113' });

  it.each([
    ['unavailable', new UnavailableError(grpc(14))],
    ['cancelled by the server', new CancelledError(grpc(1))],
    ['not the leader', new NotLeaderError(notLeader)],
    ['deadline exceeded', new DeadlineExceededError(grpc(4))],
    ['aborted', new TimeoutError(grpc(10))],
  ])('reopens after %s', (_, error) => {
    expect(isTransientEsdbError(error)).toBe(true);
  });

  it.each([
    ['access denied', new AccessDeniedError(grpc(16))],
    ['an invalid argument (e.g. position)', new InvalidArgumentError('fromPosition')],
    ['a deleted stream', new StreamDeletedError(grpc(5, { 'stream-name': 'ticket-1' }))],
    ['an unknown server error', new UnknownError(grpc(2))],
    ["the adapter's own refusal", new Error('EventStoreDB returned no position for event 1')],
    ['something that is not an error', 'UNAVAILABLE'],
  ])('ends after %s', (_, error) => {
    expect(isTransientEsdbError(error)).toBe(false);
  });
});
