import { randomUUID } from 'node:crypto';
import { migrate, type SqlClient } from '@sportskk/sql';
import type { AppendResult, EventFilter, EventStore, ExpectedRevision, GlobalPosition, NewEvent, Subscription } from '../port.ts';
import { EventStoreError, wrongExpectedVersion } from '../errors.ts';
import { validateEvents, validateExpectedRevision, validateFilter, validateMaxCount, validateStreamName } from '../validation.ts';
import { startCatchUpSubscription, WakeSignal, type CatchUpTuning } from '../catch-up-subscription.ts';
import { eventStoreMigrations } from './schema.ts';
import { afterParams, eventStoreStatements, prefixPattern, toRecordedEvent, type EventRow } from './statements.ts';

export interface PostgresEventStoreOptions {
  /** Tables live in this schema (default `event_store`), so several stores can share a database. */
  readonly schema?: string;
  readonly subscription?: CatchUpTuning;
}

/**
 * The EventStore over PostgreSQL, for a real server (pg) and embedded PGlite alike.
 * Runs the schema migrations, then returns the store; never closes the client it was given.
 */
export async function createPostgresEventStore(sql: SqlClient, options: PostgresEventStoreOptions = {}): Promise<EventStore> {
  const schema = options.schema ?? 'event_store';
  await migrate(sql, schema, eventStoreMigrations);
  const statements = eventStoreStatements(schema);
  const channel = `${schema}_appended`;
  const subscriptions = new Set<Subscription>();
  const notifier = coalescedNotifier(sql, channel);
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new EventStoreError('STORE_CLOSED', 'The event store is closed');
  };

  const readAllRows = async (after: GlobalPosition | undefined, maxCount: number | null, filter: EventFilter | undefined) => {
    const prefixes = filter?.streamPrefixes?.map(prefixPattern) ?? null;
    const types = filter?.eventTypes ? [...filter.eventTypes] : null;
    const rows = await sql.query<EventRow>(statements.readAll, [...afterParams(after), maxCount, prefixes, types]);
    return rows.map(toRecordedEvent);
  };

  const store: EventStore = {
    async appendToStream(streamName: string, events: readonly NewEvent[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
      ensureOpen();
      validateStreamName(streamName);
      validateEvents(events);
      const expected = options.expectedRevision ?? 'any';
      validateExpectedRevision(expected);
      const payload = JSON.stringify(events.map((event) => ({ id: event.id ?? randomUUID(), type: event.type, data: event.data, metadata: event.metadata })));
      const params: unknown[] = [streamName, payload, events.length];
      if (typeof expected === 'bigint') params.push(expected.toString());
      const [row] = await sql.query<{ revision: string | null; transaction_id: string; position: string }>(statements.append(expected), params);
      if (!row || row.revision === null) {
        const [current] = await sql.query<{ revision: string }>(statements.currentRevision, [streamName]);
        throw wrongExpectedVersion(streamName, expected, current ? BigInt(current.revision) : 'no_stream');
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
      const rows = await sql.query<EventRow>(statements.readStream, [streamName, from.toString(), options.maxCount ?? null]);
      return rows.map(toRecordedEvent);
    },

    async readAll(options = {}) {
      ensureOpen();
      validateMaxCount(options.maxCount);
      validateFilter(options.filter);
      return readAllRows(options.after, options.maxCount ?? null, options.filter);
    },

    subscribeToAll(subscribeOptions) {
      ensureOpen();
      validateFilter(subscribeOptions.filter);
      const signal = new WakeSignal();
      const unlisten = sql.listen(channel, () => signal.wake());
      unlisten.catch(() => undefined);
      const source = {
        async read(after: GlobalPosition | undefined, maxCount: number, filter: EventFilter | undefined) {
          await unlisten; // start reading only once notifications for later commits are guaranteed
          const events = await readAllRows(after, maxCount, filter);
          if (events.length === maxCount) return { events, pending: false };
          const lastSeen = events.at(-1)?.position ?? after;
          const [row] = await sql.query<{ pending: boolean }>(statements.pendingAfter, afterParams(lastSeen));
          return { events, pending: row?.pending === true };
        },
      };
      const inner = startCatchUpSubscription(source, signal, subscribeOptions, options.subscription);
      const subscription: Subscription = {
        done: inner.done,
        async stop() {
          await inner.stop();
          await unlisten.then((stopListening) => stopListening(), () => undefined);
          subscriptions.delete(subscription);
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
 * NOTIFY after commit, at most one in flight: a NOTIFY inside the appending transaction would take the
 * database-wide notify lock through the commit's WAL flush and serialise all concurrent appenders.
 * Each append is followed by a NOTIFY that started after its commit.
 */
function coalescedNotifier(sql: SqlClient, channel: string) {
  let inFlight: Promise<void> | undefined;
  let again = false;
  const send = (): Promise<void> =>
    sql.query('SELECT pg_notify($1, $2)', [channel, '']).then(
      () => undefined,
      () => undefined, // subscribers also poll; a lost wake-up only delays them
    );
  const loop = async () => {
    do {
      again = false;
      await send();
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
