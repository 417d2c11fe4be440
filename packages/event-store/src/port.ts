/** The EventStore port: the one interface every adapter (PostgreSQL, EventStoreDB, in-memory) implements. */

/** JSON values as stored in event data and metadata. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** What every event carries besides its data. Extra JSON fields are kept as given. */
export interface EventMetadata {
  readonly correlationId: string;
  readonly causationId?: string;
  readonly actor?: string;
  /** When the business fact happened (ISO-8601); the caller supplies it, the store never invents it. */
  readonly time?: string;
  readonly [extra: string]: JsonValue | undefined;
}

/** An event to append. `id` makes a retried append recognisable; adapters generate one when absent. */
export interface NewEvent<Type extends string = string, Data extends JsonObject = JsonObject> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: EventMetadata;
  readonly id?: string;
}

/**
 * A place in the store's global order. Two parts compared lexicographically:
 * PostgreSQL stores (writing transaction id, sequence); EventStoreDB (commit, prepare).
 */
export interface GlobalPosition {
  readonly transaction: bigint;
  readonly sequence: bigint;
}

export interface RecordedEvent<
  Type extends string = string,
  Data extends JsonObject = JsonObject,
> extends Required<Pick<NewEvent<Type, Data>, 'type' | 'data' | 'metadata' | 'id'>> {
  readonly streamName: string;
  /** 0-based revision within its stream. */
  readonly revision: bigint;
  readonly position: GlobalPosition;
  /** When the store recorded it. */
  readonly recordedAt: Date;
}

/** What the writer expects of the stream before the append. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface AppendResult {
  /** The stream's revision after the append (the last appended event's revision). */
  readonly nextExpectedRevision: bigint;
  readonly position: GlobalPosition;
}

export interface ReadStreamOptions {
  /** Inclusive; defaults to 0. */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

/** Keeps only events whose stream name starts with one of the prefixes and/or whose type is listed. */
export interface EventFilter {
  readonly streamPrefixes?: readonly string[];
  readonly eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omitted: from the start. */
  readonly after?: GlobalPosition;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: the position of the last event the subscriber has fully handled. */
  readonly after?: GlobalPosition;
  readonly filter?: EventFilter;
  /**
   * Called once per event, strictly in global order; the next call waits for this one.
   * Throwing stops the subscription (see `Subscription.done`): the consumer restarts from its checkpoint.
   * Give this or `handleBatch`.
   */
  readonly handler?: (event: RecordedEvent) => Promise<void> | void;
  /**
   * Instead of `handler`: the events as they are read, one or more at a time, in global order (a consumer applies
   * them in one transaction with one checkpoint). The next call waits for this one; throwing stops as above.
   */
  readonly handleBatch?: (events: readonly RecordedEvent[]) => Promise<void> | void;
}

/** Hands `events` to the subscriber: all at once to `handleBatch`, else one by one (`each` after every one). */
export async function deliver(
  options: SubscribeOptions,
  events: readonly RecordedEvent[],
  each: (event: RecordedEvent) => boolean = () => true,
): Promise<void> {
  if (options.handleBatch) {
    if (events.length > 0) await options.handleBatch(events);
    return;
  }
  for (const event of events) {
    await options.handler!(event);
    if (!each(event)) return;
  }
}

/** A subscription needs exactly one of `handler` and `handleBatch`. */
export function validateHandlers(options: SubscribeOptions): void {
  if (!options.handler === !options.handleBatch)
    throw new TypeError('subscribeToAll takes one of handler and handleBatch');
}

export interface Subscription {
  /** Stops delivery; resolves once the handler in flight (if any) has returned. */
  stop(): Promise<void>;
  /** Settles when the subscription ends: resolves after stop(), rejects with the handler's error. */
  readonly done: Promise<void>;
}

/** Which kind of store an EventStore is: positions of one kind mean nothing to another (checkpoints carry it). */
export type EventStoreKind = 'postgres' | 'eventstoredb' | 'in-memory';

export interface EventStore {
  readonly kind: EventStoreKind;
  /**
   * Appends atomically; throws EventStoreError WRONG_EXPECTED_VERSION when the expectation fails. The answer's
   * position is the last event's. A retry (events with `id`s the stream already holds, at consecutive revisions in
   * the same order) writes nothing and answers what the first attempt did, also when both run at once. Repeating
   * only some of them, or in another order, is WRONG_EXPECTED_VERSION on PostgreSQL and in memory (EventStoreDB's
   * own check covers exact retries only). Events without an `id` are always new.
   */
  appendToStream(
    streamName: string,
    events: readonly NewEvent[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** Events of one stream in revision order; an empty list when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Several whole streams at once (one round trip where the store allows): each name maps to readStream's answer. */
  readStreams(streamNames: readonly string[]): Promise<Map<string, RecordedEvent[]>>;
  /** Events of all streams in global order, only those whose position is final (no earlier event can still appear). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * The position of the last event readAll would return now, START when there is none: subscribing after it
   * delivers only events whose positions become final later.
   */
  headPosition(): Promise<GlobalPosition>;
  /** Catch-up then live delivery in the order readAll returns, at least once; survives connection loss. */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Stops the store's subscriptions and releases what it opened itself (never the client it was given). */
  close(): Promise<void>;
}
