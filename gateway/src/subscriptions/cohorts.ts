import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { SubscriberTooSlow, type SubscriptionEvent } from './federated-subscription.ts';

/** The close code for a subscriber that fell too far behind; it may reconnect and resume from its last cursor. */
export const TOO_SLOW = 1013;
export const TOO_SLOW_REASON = 'Subscriber too slow: reconnect and resume from your last cursor';

/** Where a member's results go: its graphql-ws connection and the id of its subscription there. */
export interface CohortSubscriber {
  readonly socket: Pick<WebSocket, 'send' | 'close' | 'bufferedAmount' | 'readyState'>;
  readonly id: string;
  /** The connection's TCP socket: corked while a batch is written, so the batch leaves in one write. */
  readonly transport?: Pick<Socket, 'cork' | 'uncork'>;
}

/** A member that starts at a cursor: it follows its own stream from there until the cohort's has what comes next. */
export interface CatchUp {
  /** The cursor of the last event the subscriber saw. */
  readonly after: string;
  /** The subscriber's own stream after `after` (run for it alone). */
  readonly start: () => AsyncIterableIterator<SubscriptionEvent>;
}

export interface Cohorts {
  /**
   * Adds a subscriber to the cohort `key`: subscribers with the same operation, variables and roles share one
   * upstream stream from now and one run of the per-event plan (`start` makes it for the first one). Each result
   * is serialised once and written to every member's socket as a graphql-ws `next`; results that are ready
   * together go to each member in one write. A member whose socket holds more than the byte limit unsent is closed
   * with TOO_SLOW. A member with a `catchUp` cursor gets the cohort's recent results after it, when the cohort
   * still has that cursor; otherwise it follows its own stream until the cursor it reached is one the cohort sent,
   * then takes the cohort's results after it (none missed, none twice) and its own stream is closed.
   * The returned stream gives nothing itself: it ends when the shared one does (with its error, if any; a member
   * still on its own stream goes on with it alone), and its return() takes the member out; the last one out closes
   * the shared stream.
   */
  join(
    key: string,
    start: () => AsyncIterableIterator<SubscriptionEvent>,
    subscriber: CohortSubscriber,
    catchUp?: CatchUp,
  ): AsyncIterableIterator<never>;
  /** Open cohorts (shared streams). */
  size(): number;
}

export interface CohortLimits {
  /** Bytes a member may leave unsent on its connection before it is closed with TOO_SLOW. */
  readonly maxBufferedBytes: number;
  /** Recent results each cohort keeps for members that join at a cursor. */
  readonly recentResults: number;
}

export function createCohorts(limits: CohortLimits): Cohorts {
  const cohorts = new Map<string, Cohort>();
  return {
    join(key, start, subscriber, catchUp) {
      let cohort = cohorts.get(key);
      if (!cohort) {
        const created: Cohort = new Cohort(start(), limits, () => {
          if (cohorts.get(key) === created) cohorts.delete(key);
        });
        cohort = created;
        cohorts.set(key, cohort);
      }
      return cohort.join(subscriber, catchUp);
    },
    size: () => cohorts.size,
  };
}

const OPEN = 1;

interface Sent {
  readonly json: string;
  readonly cursor: string | undefined;
}

/** The last results a cohort sent, found by cursor. */
class Recent {
  private readonly results: Sent[] = [];
  private readonly indexOf = new Map<string, number>();
  private dropped = 0;
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  add(sent: readonly Sent[]): void {
    for (const result of sent) {
      if (result.cursor !== undefined)
        this.indexOf.set(result.cursor, this.dropped + this.results.length);
      this.results.push(result);
    }
    const excess = this.results.length - this.capacity;
    if (excess <= 0) return;
    for (const old of this.results.splice(0, excess))
      if (old.cursor !== undefined) this.indexOf.delete(old.cursor);
    this.dropped += excess;
  }

  /** What was sent after `cursor`, or undefined when it is not among the recent results. */
  after(cursor: string): string[] | undefined {
    const index = this.indexOf.get(cursor);
    if (index === undefined) return undefined;
    return this.results.slice(index - this.dropped + 1).map((result) => result.json);
  }
}

class Cohort {
  private readonly members = new Set<Member>();
  private closed = false;
  private readonly recent: Recent;

  private readonly source: AsyncIterableIterator<SubscriptionEvent>;
  private readonly maxBufferedBytes: number;
  private readonly forget: () => void;

  constructor(
    source: AsyncIterableIterator<SubscriptionEvent>,
    limits: CohortLimits,
    forget: () => void,
  ) {
    this.source = source;
    this.maxBufferedBytes = limits.maxBufferedBytes;
    this.recent = new Recent(limits.recentResults);
    this.forget = forget;
    void this.pump();
  }

  join(subscriber: CohortSubscriber, catchUp: CatchUp | undefined): AsyncIterableIterator<never> {
    const member = new Member(subscriber, this.maxBufferedBytes, this.recent, () =>
      this.leave(member),
    );
    this.members.add(member);
    if (catchUp) member.catchUp(catchUp);
    return member.iterator();
  }

  private leave(member: Member) {
    this.members.delete(member);
    if (this.members.size > 0 || this.closed) return;
    this.close();
    void this.source.return?.();
  }

  private close() {
    if (this.closed) return;
    this.closed = true;
    this.forget();
  }

  /**
   * Sends each result to every member; the results that are ready by the time one arrives (the fan-out of the last
   * batch takes a while with many members) go with it as one batch, so a member gets one write per batch.
   */
  private async pump() {
    let pending = this.source.next();
    const batch: Sent[] = [];
    const flush = () => {
      const out = batch.splice(0);
      if (out.length === 0) return;
      this.recent.add(out); // before the members: one catching up may now find its cursor
      const payloads = out.map((sent) => sent.json);
      for (const member of this.members) member.receive(payloads);
    };
    const serialised = ({ result, cursor }: SubscriptionEvent): Sent => ({
      json: JSON.stringify(result), // GraphQLErrors format themselves (toJSON)
      cursor,
    });
    try {
      for (;;) {
        const first = await pending;
        if (first.done) break;
        batch.push(serialised(first.value));
        let done = false;
        for (;;) {
          pending = this.source.next();
          const next = await Promise.race([pending, nextTurn()]);
          if (next === TURN) break;
          if (next.done) {
            done = true;
            break;
          }
          batch.push(serialised(next.value));
        }
        flush();
        if (done) break;
      }
      this.close();
      for (const member of [...this.members]) if (!member.goOnAlone()) member.end();
    } catch (error) {
      flush();
      this.close();
      for (const member of [...this.members])
        if (member.goOnAlone()) continue;
        else if (error instanceof SubscriberTooSlow) member.tooSlow();
        else member.end(error as Error);
    }
  }
}

const TURN = Symbol('turn');
/** After the I/O that is due now: whatever results it completes are ready by then. */
const nextTurn = () => new Promise<typeof TURN>((resolve) => setImmediate(resolve, TURN));

/** One subscriber of a cohort, written to directly; while it catches up, from its own stream. */
class Member {
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly prefix: string;
  /** Set while it follows its own stream: that stream, and the cursor of the last event it sent. */
  private own: { stream: AsyncIterableIterator<SubscriptionEvent>; last: string } | undefined;
  /** Set when the shared stream ended while it followed its own: it never hands over. */
  private alone = false;

  private readonly subscriber: CohortSubscriber;
  private readonly maxBufferedBytes: number;
  private readonly recent: Recent;
  private readonly forget: () => void;

  constructor(
    subscriber: CohortSubscriber,
    maxBufferedBytes: number,
    recent: Recent,
    forget: () => void,
  ) {
    this.subscriber = subscriber;
    this.maxBufferedBytes = maxBufferedBytes;
    this.recent = recent;
    this.forget = forget;
    this.prefix = `{"id":${JSON.stringify(subscriber.id)},"type":"next","payload":`;
  }

  /** The cohort's results: sent, unless this member still follows its own stream. */
  receive(payloads: readonly string[]): void {
    if (this.own) this.handOver(this.own.last);
    else this.send(payloads);
  }

  catchUp({ after, start }: CatchUp): void {
    if (this.handOver(after)) return;
    this.own = { stream: start(), last: after };
    void this.follow(this.own);
  }

  /**
   * The shared stream ended: a member still on its own stream goes on with it alone (true), since what ended the
   * shared one (e.g. the subgraph found it too slow) says nothing of its own; the others end with the cohort.
   */
  goOnAlone(): boolean {
    if (!this.own) return false;
    this.alone = true;
    return true;
  }

  /** Takes the cohort's results after `cursor` if the cohort still has it; its own stream, if any, is closed. */
  private handOver(cursor: string): boolean {
    if (this.alone) return false;
    const rest = this.recent.after(cursor);
    if (!rest) return false;
    const own = this.own;
    this.own = undefined;
    void own?.stream.return?.();
    if (rest.length > 0) this.send(rest);
    return true;
  }

  private async follow(own: NonNullable<Member['own']>) {
    try {
      for (;;) {
        const step = await own.stream.next();
        if (this.own !== own) return; // handed over (or ended) while it waited
        if (step.done) return this.end();
        this.send([JSON.stringify(step.value.result)]);
        if (step.value.cursor === undefined) continue;
        own.last = step.value.cursor;
        this.handOver(own.last);
      }
    } catch (error) {
      if (this.own !== own) return;
      if (error instanceof SubscriberTooSlow) this.tooSlow();
      else this.end(error as Error);
    }
  }

  private send(payloads: readonly string[]): void {
    if (this.ended) return;
    const { socket, transport } = this.subscriber;
    if (socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > this.maxBufferedBytes) return this.tooSlow();
    transport?.cork();
    try {
      for (const payload of payloads) socket.send(`${this.prefix}${payload}}`);
    } catch (error) {
      this.end(error as Error); // this member only: the others still get the batch
    }
    transport?.uncork();
  }

  tooSlow(): void {
    this.subscriber.socket.close(TOO_SLOW, TOO_SLOW_REASON);
    this.end();
  }

  end(failure?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    const own = this.own;
    this.own = undefined;
    void own?.stream.return?.();
    this.forget();
    this.wake?.();
  }
  iterator(): AsyncIterableIterator<never> {
    const done = { done: true, value: undefined } as const;
    const iterator: AsyncIterableIterator<never> = {
      next: async () => {
        if (!this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
        if (this.failure) throw this.failure;
        return done;
      },
      return: async () => (this.end(), done),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
