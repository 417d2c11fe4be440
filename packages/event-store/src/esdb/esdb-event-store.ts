import {
  BACKWARDS,
  END,
  FORWARDS,
  StreamNotFoundError,
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  type EventStoreDBClient,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import {
  type AppendResult,
  type EventFilter,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type NewEvent,
  type RecordedEvent,
  type Subscription,
  validateHandlers,
} from '../port.ts';
import { START } from '../position.ts';
import { EventStoreError, invalidInput, wrongExpectedVersion } from '../errors.ts';
import {
  matchesFilter,
  validateFilter,
  validateMaxCount,
  validateStreamName,
  validateAppend,
} from '../validation.ts';
import {
  fromAppendError,
  fromAppendResult,
  isAfter,
  isTransientEsdbError,
  knownPosition,
  toClientExpectedRevision,
  toEventData,
  toReadPosition,
  toRecordedEvent,
  toServerFilter,
  toStreamEvent,
} from './mapping.ts';
import { startResubscribing, type LiveSource, type ResubscribeTuning } from './resubscribe.ts';

export interface EsdbEventStoreOptions {
  readonly subscription?: ResubscribeTuning;
}

/**
 * The EventStore over EventStoreDB (gRPC client v6). Never disposes the client it was given.
 * Skips events that are not ours (see toRecordedEvent): system events, links, non-JSON or foreign-shaped events.
 */
export function createEsdbEventStore(
  client: EventStoreDBClient,
  options: EsdbEventStoreOptions = {},
): EventStore {
  const subscriptions = new Set<Subscription>();
  let closed = false;
  const ensureOpen = () => {
    if (closed) throw new EventStoreError('STORE_CLOSED', 'The event store is closed');
  };

  /** The stream's last revision as the server has it now, or 'no_stream'. */
  const currentRevision = async (streamName: string): Promise<bigint | 'no_stream'> => {
    try {
      for await (const resolved of client.readStream(streamName, {
        direction: BACKWARDS,
        fromRevision: END,
        maxCount: 1,
      })) {
        if (resolved.event) return resolved.event.revision;
      }
      return 'no_stream';
    } catch (error) {
      if (error instanceof StreamNotFoundError) return 'no_stream';
      throw error;
    }
  };

  /** Where the event at `revision` of the stream sits in $all: for an append answered without a position. */
  const positionOf = async (streamName: string, revision: bigint): Promise<GlobalPosition> => {
    for await (const resolved of client.readStream(streamName, {
      direction: FORWARDS,
      fromRevision: revision,
      maxCount: 1,
    })) {
      const position = knownPosition(resolved.event?.position);
      if (position && resolved.event?.revision === revision) return position;
    }
    throw new Error(
      `EventStoreDB answered an append to ${streamName} without a position, and revision ${revision} has none`,
    );
  };

  const openLive =
    (filter: EventFilter | undefined) =>
    (after: GlobalPosition | undefined): LiveSource => {
      const subscription = client.subscribeToAll({
        fromPosition: toReadPosition(after),
        filter: toServerFilter(filter),
      });
      return { events: ours(subscription), close: () => subscription.unsubscribe() };
    };

  const store: EventStore = {
    kind: 'eventstoredb',
    async appendToStream(
      streamName: string,
      events: readonly NewEvent[],
      appendOptions: { expectedRevision?: ExpectedRevision } = {},
    ): Promise<AppendResult> {
      ensureOpen();
      const expected = validateAppend(streamName, events, appendOptions.expectedRevision);
      let result: ClientAppendResult;
      try {
        result = await client.appendToStream(streamName, events.map(toEventData), {
          expectedRevision: toClientExpectedRevision(expected),
        });
      } catch (error) {
        throw fromAppendError(error, streamName, expected);
      }
      // A client built with throwOnAppendFailure=false reports the conflict instead of throwing.
      if (!result.success)
        throw wrongExpectedVersion(streamName, expected, await currentRevision(streamName));
      const { nextExpectedRevision, position } = fromAppendResult(result);
      return {
        nextExpectedRevision,
        position: position ?? (await positionOf(streamName, nextExpectedRevision)),
      };
    },

    /** EventStoreDB reads one stream per call: the reads go out together. */
    async readStreams(streamNames) {
      const names = [...new Set(streamNames)];
      const streams = await Promise.all(names.map((name) => store.readStream(name)));
      return new Map(names.map((name, i) => [name, streams[i]!]));
    },

    async readStream(streamName, readOptions = {}) {
      ensureOpen();
      validateStreamName(streamName);
      validateMaxCount(readOptions.maxCount);
      const from = readOptions.fromRevision ?? 0n;
      if (typeof from !== 'bigint' || from < 0n)
        throw invalidInput('fromRevision must be a bigint >= 0');
      try {
        const events: RecordedEvent[] = [];
        const read = client.readStream(streamName, {
          fromRevision: from,
          direction: FORWARDS,
          ...(readOptions.maxCount === undefined ? {} : { maxCount: readOptions.maxCount }),
        });
        for await (const resolved of read) events.push(toStreamEvent(resolved, streamName));
        return events;
      } catch (error) {
        if (error instanceof StreamNotFoundError) return [];
        throw error;
      }
    },

    // The v6 client cannot filter readAll on the server: filter here while reading lazily.
    async readAll(readOptions = {}) {
      ensureOpen();
      validateMaxCount(readOptions.maxCount);
      validateFilter(readOptions.filter);
      const { after, filter } = readOptions;
      const read = client.readAll({ fromPosition: toReadPosition(after), direction: FORWARDS });
      return collect(
        read,
        (event) => isAfter(event, after) && matchesFilter(filter, event),
        readOptions.maxCount,
      );
    },

    async headPosition() {
      ensureOpen();
      for await (const resolved of client.readAll({
        direction: BACKWARDS,
        fromPosition: END,
        maxCount: 1,
      }))
        return knownPosition(resolved.event?.position) ?? START;
      return START;
    },

    subscribeToAll(subscribeOptions) {
      ensureOpen();
      validateFilter(subscribeOptions.filter);
      validateHandlers(subscribeOptions);
      const inner = startResubscribing(openLive(subscribeOptions.filter), subscribeOptions, {
        isTransient: isTransientEsdbError,
        ...options.subscription,
      });
      const tracked: Subscription = {
        done: inner.done,
        async stop() {
          await inner.stop();
          subscriptions.delete(tracked);
        },
      };
      subscriptions.add(tracked);
      const forget = () => void subscriptions.delete(tracked);
      inner.done.then(forget, forget);
      return tracked;
    },

    async close() {
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
    },
  };
  return store;
}

/** Our events from a client read or subscription, in order. */
async function* ours(
  source: AsyncIterable<ResolvedEvent | AllStreamResolvedEvent>,
): AsyncGenerator<RecordedEvent> {
  for await (const resolved of source) {
    const event = toRecordedEvent(resolved);
    if (event) yield event;
  }
}

/** Reads lazily, keeps our events that pass `keep`, and cancels the read once `maxCount` are kept. */
async function collect(
  read: StreamingRead<ResolvedEvent | AllStreamResolvedEvent>,
  keep: (event: RecordedEvent) => boolean,
  maxCount: number | undefined,
): Promise<RecordedEvent[]> {
  const found: RecordedEvent[] = [];
  const limit = maxCount ?? Infinity;
  for await (const event of ours(read)) {
    if (keep(event)) found.push(event);
    if (found.length >= limit) {
      await read.cancel();
      break;
    }
  }
  return found;
}
