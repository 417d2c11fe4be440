import { randomUUID } from 'node:crypto';
import { migrate, type SqlClient } from '@sportskk/sql';
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
import { EventStoreError, wrongExpectedVersion } from '../errors.ts';
import {
  validateFilter,
  validateMaxCount,
  validateStreamName,
  validateAppend,
} from '../validation.ts';
import {
  startCatchUpSubscription,
  WakeSignal,
  type CatchUpTuning,
} from '../catch-up-subscription.ts';
import { eventStoreMigrations } from './schema.ts';
import {
  afterParams,
  eventStoreStatements,
  prefixPattern,
  toRecordedEvent,
  type EventRow,
} from './statements.ts';

export interface PostgresEventStoreOptions {
  /** Tables live in this schema (default `event_store`), so several stores can share a database. */
  readonly schema?: string;
  readonly subscription?: CatchUpTuning;
}

/**
 * The EventStore over PostgreSQL, for a real server (pg) and embedded PGlite alike.
 * Runs the schema migrations, then returns the store; never closes the client it was given.
 */
export async function createPostgresEventStore(
  sql: SqlClient,
  options: PostgresEventStoreOptions = {},
): Promise<EventStore> {
  const schema = options.schema ?? 'event_store';
  await migrate(sql, schema, eventStoreMigrations);
  const statements = eventStoreStatements(schema);
  const channel = `${schema}_appended`;
  const subscriptions = new Set<Subscription>();
  // Embedded: the wake-up is a function call, no need to space them.
  const notifier = coalescedNotifier(sql, channel, sql.kind === 'embedded' ? 0 : 5);
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new EventStoreError('STORE_CLOSED', 'The event store is closed');
  };

  const filterParams = (filter: EventFilter | undefined) => [
    filter?.streamPrefixes?.map(prefixPattern) ?? null,
    filter?.eventTypes ? [...filter.eventTypes] : null,
  ];
  const name = (statement: string) => `${schema}:${statement}`;

  const store: EventStore = {
    kind: 'postgres',
    async appendToStream(
      streamName: string,
      events: readonly NewEvent[],
      options: { expectedRevision?: ExpectedRevision } = {},
    ): Promise<AppendResult> {
      ensureOpen();
      const expected = validateAppend(streamName, events, options.expectedRevision);
      const params = [
        streamName,
        events.map((event) => event.id ?? randomUUID()),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
        String(expected),
      ];
      const [row] = await sql.query<{
        revision: string | null;
        transaction_id: string | null;
        position: string | null;
      }>(statements.append, params, name('append'));
      if (!row || row.revision === null || row.transaction_id === null || row.position === null) {
        throw wrongExpectedVersion(
          streamName,
          expected,
          row?.position ? BigInt(row.position) : 'no_stream',
        );
      }
      notifier.notify();
      return {
        nextExpectedRevision: BigInt(row.revision),
        position: { transaction: BigInt(row.transaction_id), sequence: BigInt(row.position) },
      };
    },

    async readStream(streamName, options = {}) {
      ensureOpen();
      validateStreamName(streamName);
      validateMaxCount(options.maxCount);
      const from = options.fromRevision ?? 0n;
      const rows = await sql.query<EventRow>(
        statements.readStream,
        [streamName, from.toString(), options.maxCount ?? null],
        name('readStream'),
      );
      return rows.map(toRecordedEvent);
    },

    async readStreams(streamNames) {
      ensureOpen();
      for (const streamName of streamNames) validateStreamName(streamName);
      const streams = new Map(streamNames.map((streamName) => [streamName, [] as RecordedEvent[]]));
      if (streams.size === 0) return streams;
      const rows = await sql.query<EventRow>(
        statements.readStreams,
        [[...streams.keys()]],
        name('readStreams'),
      );
      for (const row of rows) streams.get(row.stream_name)!.push(toRecordedEvent(row));
      return streams;
    },

    async readAll(options = {}) {
      ensureOpen();
      validateMaxCount(options.maxCount);
      validateFilter(options.filter);
      const rows = await sql.query<EventRow>(
        statements.readAll,
        [...afterParams(options.after), options.maxCount ?? null, ...filterParams(options.filter)],
        name('readAll'),
      );
      return rows.map(toRecordedEvent);
    },

    async headPosition() {
      ensureOpen();
      const [row] = await sql.query<{ transaction_id: string; position: string }>(
        statements.head,
        [],
        name('head'),
      );
      return row
        ? { transaction: BigInt(row.transaction_id), sequence: BigInt(row.position) }
        : START;
    },

    subscribeToAll(subscribeOptions) {
      ensureOpen();
      validateFilter(subscribeOptions.filter);
      validateHandlers(subscribeOptions);
      const signal = new WakeSignal();
      // LISTEN before the first read, so no later commit goes unnoticed; a failed LISTEN is retried by the next read.
      let listening: Promise<() => Promise<void>> | undefined;
      const ensureListening = () =>
        (listening ??= sql
          .listen(channel, () => signal.wake())
          .catch((error: unknown) => {
            listening = undefined;
            throw error;
          }));
      const source = {
        async read(
          after: GlobalPosition | undefined,
          maxCount: number,
          filter: EventFilter | undefined,
        ) {
          await ensureListening();
          const rows = await sql.query<EventRow & { pending: boolean }>(
            statements.readBatch,
            [...afterParams(after), maxCount, ...filterParams(filter)],
            name('readBatch'),
          );
          const events = rows.filter((row) => row.position !== null).map(toRecordedEvent);
          return { events, pending: rows[0]?.pending === true };
        },
      };
      // Reads compete with the writers (embedded: for the one connection), so read in bigger batches. On a
      // server, a busy appender's NOTIFY lags behind its commits: while events keep coming, poll for them.
      const tuning = {
        ...(sql.kind === 'embedded'
          ? { minReadIntervalMs: 10 }
          : { minReadIntervalMs: 5, busyPollMs: 10 }),
        ...options.subscription,
      };
      const inner = startCatchUpSubscription(source, signal, subscribeOptions, tuning);
      // However it ends (stop() or a failing handler), release the LISTEN connection and forget the subscription.
      const release = async () => {
        const stopListening = await listening?.catch(() => undefined);
        listening = undefined;
        await stopListening?.();
        subscriptions.delete(subscription);
      };
      const released = inner.done.then(release, release);
      const subscription: Subscription = {
        done: inner.done,
        async stop() {
          await inner.stop();
          await released;
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    async close() {
      await Promise.all([...subscriptions].map((subscription) => subscription.stop()));
      await notifier.flush();
      closed = true;
    },
  };
  return store;
}

/**
 * NOTIFY after commit, at most one in flight and at most one per `minIntervalMs`: a NOTIFY inside the appending
 * transaction would take the database-wide notify lock through the commit's WAL flush and serialise all concurrent
 * appenders, and subscribers cannot use wake-ups faster than they read. Each append is followed by a NOTIFY that
 * starts after its commit.
 */
function coalescedNotifier(sql: SqlClient, channel: string, minIntervalMs: number) {
  let inFlight: Promise<void> | undefined;
  let again = false;
  // Subscribers also poll; a lost wake-up only delays them.
  const send = (): Promise<void> => sql.notify(channel).catch(() => undefined);
  const loop = async () => {
    do {
      again = false;
      const started = performance.now();
      await send();
      const rest = minIntervalMs - (performance.now() - started);
      if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    } while (again);
    inFlight = undefined;
  };
  return {
    notify() {
      if (inFlight) again = true;
      else inFlight = loop();
    },
    flush: async () => {
      await inFlight;
    },
  };
}
