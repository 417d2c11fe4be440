import { randomUUID } from 'node:crypto';
import {
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
  validateHandlers,
} from '../port.ts';
import { EventStoreError, wrongExpectedVersion } from '../errors.ts';
import { comparePositions, START } from '../position.ts';
import {
  matchesFilter,
  validateFilter,
  validateMaxCount,
  validateStreamName,
  validateAppend,
} from '../validation.ts';
import { startCatchUpSubscription, WakeSignal } from '../catch-up-subscription.ts';

/** The data behind in-memory stores; share one between stores to simulate a restart. */
export interface InMemoryEventStorage {
  readonly events: RecordedEvent[];
  readonly streams: Map<string, RecordedEvent[]>;
  readonly signals: Set<WakeSignal>;
}

export function createInMemoryEventStorage(): InMemoryEventStorage {
  return { events: [], streams: new Map(), signals: new Set() };
}

/** A test double and a dev convenience: same contract as the real adapters, kept in this process only. */
export function createInMemoryEventStore(
  storage: InMemoryEventStorage = createInMemoryEventStorage(),
): EventStore {
  const subscriptions = new Set<Subscription>();
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new EventStoreError('STORE_CLOSED', 'The event store is closed');
  };

  const readAll: EventStore['readAll'] = async (options = {}) => {
    ensureOpen();
    validateMaxCount(options.maxCount);
    validateFilter(options.filter);
    const after = options.after;
    const start = after
      ? storage.events.findIndex((event) => comparePositions(event.position, after) > 0)
      : 0;
    if (start < 0) return [];
    const found: RecordedEvent[] = [];
    for (
      let i = start;
      i < storage.events.length && found.length < (options.maxCount ?? Infinity);
      i++
    ) {
      const event = storage.events[i]!;
      if (matchesFilter(options.filter, event)) found.push(structuredClone(event));
    }
    return found;
  };

  return {
    kind: 'in-memory',
    async appendToStream(
      streamName: string,
      events: readonly NewEvent[],
      options: { expectedRevision?: ExpectedRevision } = {},
    ): Promise<AppendResult> {
      ensureOpen();
      const expected = validateAppend(streamName, events, options.expectedRevision);
      const stream = storage.streams.get(streamName);
      const current = stream ? BigInt(stream.length - 1) : 'no_stream';
      const retried = earlierAppend(stream ?? [], events);
      if (retried === 'partly') throw wrongExpectedVersion(streamName, expected, current);
      if (retried) return retried;
      const ok =
        expected === 'any' ||
        (expected === 'no_stream' && current === 'no_stream') ||
        (expected === 'stream_exists' && current !== 'no_stream') ||
        expected === current;
      if (!ok) throw wrongExpectedVersion(streamName, expected, current);
      const target = stream ?? [];
      const recordedAt = new Date();
      for (const event of events) {
        const recorded: RecordedEvent = {
          id: event.id ?? randomUUID(),
          type: event.type,
          data: JSON.parse(JSON.stringify(event.data)),
          metadata: JSON.parse(JSON.stringify(event.metadata)),
          streamName,
          revision: BigInt(target.length),
          position: { transaction: 0n, sequence: BigInt(storage.events.length) },
          recordedAt,
        };
        target.push(recorded);
        storage.events.push(recorded);
      }
      storage.streams.set(streamName, target);
      for (const signal of storage.signals) signal.wake();
      const last = target[target.length - 1]!;
      return { nextExpectedRevision: last.revision, position: last.position };
    },

    async readStream(streamName, options = {}) {
      ensureOpen();
      validateStreamName(streamName);
      validateMaxCount(options.maxCount);
      const from = Number(options.fromRevision ?? 0n);
      const stream = storage.streams.get(streamName) ?? [];
      return stream
        .slice(from, from + (options.maxCount ?? stream.length))
        .map((event) => structuredClone(event));
    },

    async readStreams(streamNames) {
      ensureOpen();
      for (const streamName of streamNames) validateStreamName(streamName);
      return new Map(
        streamNames.map((name) => [
          name,
          (storage.streams.get(name) ?? []).map((e) => structuredClone(e)),
        ]),
      );
    },

    readAll,

    async headPosition() {
      ensureOpen();
      return storage.events.at(-1)?.position ?? START;
    },

    subscribeToAll(options) {
      ensureOpen();
      validateFilter(options.filter);
      validateHandlers(options);
      const signal = new WakeSignal();
      storage.signals.add(signal);
      const source = {
        read: async (
          after: RecordedEvent['position'] | undefined,
          maxCount: number,
          filter: typeof options.filter,
        ) => ({ events: await readAll({ after, maxCount, filter }), pending: false }),
      };
      const subscription = startCatchUpSubscription(source, signal, options);
      const tracked: Subscription = {
        done: subscription.done,
        stop: async () => {
          await subscription.stop();
          storage.signals.delete(signal);
          subscriptions.delete(tracked);
        },
      };
      subscriptions.add(tracked);
      return tracked;
    },

    async close() {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      closed = true;
    },
  };
}

/**
 * The port's retry rule: events whose ids the stream holds, all of them at consecutive revisions in the same order,
 * were appended before, and that append's result is the answer; holding only some of them is a conflict.
 */
function earlierAppend(
  stream: readonly RecordedEvent[],
  events: readonly NewEvent[],
): AppendResult | 'partly' | undefined {
  const held = stream.filter((event) => events.some((candidate) => candidate.id === event.id));
  if (held.length === 0) return undefined;
  const first = Number(held[0]!.revision);
  const same = events.every((event, i) => stream[first + i]?.id === event.id);
  if (held.length !== events.length || !same) return 'partly';
  const last = stream[first + events.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position };
}
