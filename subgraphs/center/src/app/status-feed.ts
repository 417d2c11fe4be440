import { backoff, sleep } from '@sportskk/backoff';
import { TICKET_EVENT_TYPES, TICKET_STREAM_PREFIX } from '@sportskk/contracts';
import {
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
  type Subscription,
} from '@sportskk/event-store';
import { LiveWatcher, type Logger } from '@sportskk/platform';
import { LRUCache } from 'lru-cache';
import {
  matchesStatusFilter,
  statusChangeAfter,
  ticketBefore,
  type StatusChangeFilter,
  type TicketStatusChange,
} from '../domain/status-change.ts';
import type { TicketViewDocument } from '../domain/ticket-view.ts';

/** A status change and the log position of the event that made it (its cursor). */
export interface LoggedStatusChange extends TicketStatusChange {
  readonly position: GlobalPosition;
}

/** A watcher fell more than its buffer behind the live log: it should resume from its last cursor. */
export class WatcherTooSlow extends Error {
  readonly code = 'SLOW_CONSUMER';
  constructor(bufferSize: number) {
    super(
      `More than ${bufferSize} status changes waited for this subscriber: resume from its last cursor`,
    );
    this.name = 'WatcherTooSlow';
  }
}

export interface StatusFeed {
  /**
   * The matching changes after `after` (a position from an earlier change), or from now: in log order, each once,
   * first from the log, then live. Ends when the reader returns or the feed stops; throws WatcherTooSlow when
   * the reader falls more than the buffer behind.
   */
  watch(options: {
    readonly filter?: StatusChangeFilter;
    readonly after?: GlobalPosition;
  }): AsyncIterableIterator<LoggedStatusChange>;
  /** Where the feed is in the log: a watcher from now starts after it, and so does one given it as `after`. */
  position(): GlobalPosition;
  /** How many watchers are open now. */
  watchers(): number;
  stop(): Promise<void>;
}

export interface StatusFeedOptions {
  readonly logger: Logger;
  /** Live changes one watcher may have waiting; default 10,000. */
  readonly bufferSize?: number;
  /** Events read per page while a watcher catches up from its cursor; default 500. */
  readonly pageSize?: number;
  /** First back-off after the log subscription fails; default 200 ms, growing to 30 s. */
  readonly retryMs?: number;
  /** Tickets whose latest state the feed keeps, so their next change needs no read of their stream; default 10,000. */
  readonly knownTickets?: number;
}

const LOG_FILTER = { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: [...TICKET_EVENT_TYPES] };

/**
 * Ticket status changes for any number of watchers from one subscription to the log, started at its head and
 * fanned out in memory. A watcher with a cursor first reads the log from there up to where the feed is, then
 * takes the live changes after it: no gap, no repeat.
 */
export async function startStatusFeed(
  events: EventStore,
  options: StatusFeedOptions,
): Promise<StatusFeed> {
  const bufferSize = options.bufferSize ?? 10_000;
  const pageSize = options.pageSize ?? 500;
  const watchers = new Set<Watcher>();
  let last = await events.headPosition();
  let current: Subscription | undefined;
  const stopping = new AbortController();

  // Each ticket as the last event of its stream the feed read leaves it: a change right after that one (the live
  // case) needs no read of the stream.
  const known = new LRUCache<string, TicketViewDocument>({ max: options.knownTickets ?? 10_000 });
  /** The ticket before `event`, when the feed knows it without reading its stream. */
  const knownBefore = (event: RecordedEvent): TicketViewDocument | null | undefined => {
    if (event.revision === 0n) return null;
    const ticket = known.get(event.streamName);
    return ticket && BigInt(ticket.version) === event.revision - 1n ? ticket : undefined;
  };

  /** The changes a batch of the log makes; a ticket's stream is read only when the feed does not know its state. */
  const changesOf = async (batch: readonly RecordedEvent[]): Promise<LoggedStatusChange[]> => {
    // Each ticket of the batch as it is before its next event in the batch.
    const tickets = new Map<string, TicketViewDocument | null>();
    const unread = new Map<string, bigint>(); // stream: the revision of its first event in the batch
    for (const event of batch) {
      if (tickets.has(event.streamName) || unread.has(event.streamName)) continue;
      const before = knownBefore(event);
      if (before === undefined) unread.set(event.streamName, event.revision);
      else tickets.set(event.streamName, before);
    }
    if (unread.size > 0) {
      const streams = await events.readStreams([...unread.keys()]);
      for (const [streamName, revision] of unread)
        tickets.set(streamName, ticketBefore(streams.get(streamName) ?? [], revision));
    }
    const changes: LoggedStatusChange[] = [];
    for (const event of batch) {
      const { after, change } = statusChangeAfter(tickets.get(event.streamName) ?? null, event);
      tickets.set(event.streamName, after);
      if (change) changes.push({ ...change, position: event.position });
    }
    for (const [streamName, ticket] of tickets) {
      const kept = known.get(streamName);
      if (ticket && (!kept || ticket.version > kept.version)) known.set(streamName, ticket);
    }
    return changes;
  };

  const follow = async () => {
    const delays = backoff({ initialMs: options.retryMs ?? 200, maxMs: 30_000 });
    while (!stopping.signal.aborted) {
      try {
        current = events.subscribeToAll({
          after: last,
          filter: LOG_FILTER,
          handleBatch: async (batch) => {
            const changes = await changesOf(batch);
            last = batch.at(-1)!.position;
            for (const watcher of watchers) watcher.offer(changes);
            delays.reset();
          },
        });
        await current.done;
      } catch (error) {
        await current?.stop();
        if (stopping.signal.aborted) return;
        const retryInMs = Math.round(delays.next());
        options.logger.error({ err: error, retryInMs }, 'status feed failed; resubscribing');
        await sleep(retryInMs, stopping.signal);
      }
    }
  };
  const following = follow();

  return {
    watch({ filter = {}, after }) {
      const upTo = last;
      const catchingUp = after !== undefined && comparePositions(after, upTo) < 0;
      const watcher = new Watcher(
        filter,
        bufferSize,
        catchingUp ? readLog(events, changesOf, { after, upTo, pageSize }) : undefined,
        // Without catching up: from now, or after a cursor beyond this feed (another replica is ahead).
        after ?? upTo,
        () => watchers.delete(watcher),
      );
      watchers.add(watcher);
      return watcher.iterator();
    },
    position: () => last,
    watchers: () => watchers.size,
    async stop() {
      stopping.abort();
      for (const watcher of watchers) watcher.end();
      await current?.stop();
      await following;
    },
  };
}

/** The changes in the log after `after` up to `upTo` (inclusive), a page at a time. */
async function* readLog(
  events: EventStore,
  changesOf: (batch: readonly RecordedEvent[]) => Promise<LoggedStatusChange[]>,
  range: {
    readonly after: GlobalPosition;
    readonly upTo: GlobalPosition;
    readonly pageSize: number;
  },
): AsyncGenerator<LoggedStatusChange[]> {
  let from = range.after;
  for (;;) {
    const page = await events.readAll({
      after: from,
      maxCount: range.pageSize,
      filter: LOG_FILTER,
    });
    const within = page.filter((event) => comparePositions(event.position, range.upTo) <= 0);
    yield await changesOf(within);
    if (within.length < range.pageSize) return;
    from = within.at(-1)!.position;
  }
}

/**
 * One reader: its catch-up pages first, then the live changes offered since it started (bounded), only those
 * after `delivered` (each after the last one it gave).
 */
class Watcher extends LiveWatcher<LoggedStatusChange> {
  private readonly live: LoggedStatusChange[] = [];
  private readonly pending: LoggedStatusChange[] = [];
  private failure: Error | undefined;

  private readonly filter: StatusChangeFilter;
  private readonly bufferSize: number;
  private catchUp: AsyncGenerator<LoggedStatusChange[]> | undefined;
  private delivered: GlobalPosition;

  constructor(
    filter: StatusChangeFilter,
    bufferSize: number,
    catchUp: AsyncGenerator<LoggedStatusChange[]> | undefined,
    delivered: GlobalPosition,
    forget: () => void,
  ) {
    super(forget);
    this.filter = filter;
    this.bufferSize = bufferSize;
    this.catchUp = catchUp;
    this.delivered = delivered;
  }

  offer(changes: readonly LoggedStatusChange[]): void {
    if (this.ended || this.failure) return;
    for (const change of changes)
      if (matchesStatusFilter(change, this.filter)) this.live.push(change);
    if (this.live.length > this.bufferSize) {
      this.failure = new WatcherTooSlow(this.bufferSize);
      this.live.length = 0;
    }
    this.wake();
  }

  protected async take(): Promise<LoggedStatusChange | undefined> {
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.pending.length === 0 && this.catchUp) {
        const page = await this.catchUp.next();
        if (page.done) this.catchUp = undefined;
        else
          this.pending.push(
            ...page.value.filter((change) => matchesStatusFilter(change, this.filter)),
          );
        continue;
      }
      // Live changes only once caught up: they all lie beyond the last page.
      const queued = this.pending.shift() ?? this.live.shift();
      if (!queued) return undefined;
      if (comparePositions(queued.position, this.delivered) <= 0) continue;
      this.delivered = queued.position;
      return queued;
    }
  }
}
