import type { Socket } from 'node:net';
import type { ExecutionResult } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { SubscriberTooSlow } from './federated-subscription.ts';

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

export interface Cohorts {
  /**
   * Adds a subscriber to the cohort `key`: subscribers with the same operation, variables and roles share one
   * upstream stream and one run of the per-event plan (`start` makes it for the first one). Each result is
   * serialised once and written to every member's socket as a graphql-ws `next`; results that are ready together
   * go to each member in one write. A member whose socket holds more than the byte limit unsent is closed with
   * TOO_SLOW. The returned stream gives nothing itself: it ends when the
   * shared one does (with its error, if any), and its return() takes the member out; the last one out closes the
   * shared stream.
   */
  join(
    key: string,
    start: () => AsyncIterableIterator<ExecutionResult>,
    subscriber: CohortSubscriber,
  ): AsyncIterableIterator<never>;
  /** Open cohorts (shared streams). */
  size(): number;
}

/** Cohorts whose members may each have `maxBufferedBytes` unsent before they are closed with TOO_SLOW. */
export function createCohorts(maxBufferedBytes: number): Cohorts {
  const cohorts = new Map<string, Cohort>();
  return {
    join(key, start, subscriber) {
      let cohort = cohorts.get(key);
      if (!cohort) {
        const created: Cohort = new Cohort(start(), maxBufferedBytes, () => {
          if (cohorts.get(key) === created) cohorts.delete(key);
        });
        cohort = created;
        cohorts.set(key, cohort);
      }
      return cohort.join(subscriber);
    },
    size: () => cohorts.size,
  };
}

const OPEN = 1;

class Cohort {
  private readonly members = new Set<Member>();
  private closed = false;

  private readonly source: AsyncIterableIterator<ExecutionResult>;
  private readonly maxBufferedBytes: number;
  private readonly forget: () => void;

  constructor(
    source: AsyncIterableIterator<ExecutionResult>,
    maxBufferedBytes: number,
    forget: () => void,
  ) {
    this.source = source;
    this.maxBufferedBytes = maxBufferedBytes;
    this.forget = forget;
    void this.pump();
  }

  join(subscriber: CohortSubscriber): AsyncIterableIterator<never> {
    const member = new Member(subscriber, () => this.leave(member));
    this.members.add(member);
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
    const batch: string[] = [];
    const flush = () => {
      const out = batch.splice(0);
      if (out.length > 0)
        for (const member of this.members) member.send(out, this.maxBufferedBytes);
    };
    try {
      for (;;) {
        const first = await pending;
        if (first.done) break;
        batch.push(JSON.stringify(first.value)); // GraphQLErrors format themselves (toJSON)
        let done = false;
        for (;;) {
          pending = this.source.next();
          const next = await Promise.race([pending, nextTurn()]);
          if (next === TURN) break;
          if (next.done) {
            done = true;
            break;
          }
          batch.push(JSON.stringify(next.value));
        }
        flush();
        if (done) break;
      }
      this.close();
      for (const member of [...this.members]) member.end();
    } catch (error) {
      flush();
      this.close();
      for (const member of [...this.members])
        if (error instanceof SubscriberTooSlow) member.tooSlow();
        else member.end(error as Error);
    }
  }
}

const TURN = Symbol('turn');
/** After the I/O that is due now: whatever results it completes are ready by then. */
const nextTurn = () => new Promise<typeof TURN>((resolve) => setImmediate(resolve, TURN));

/** One subscriber of a cohort, written to directly. */
class Member {
  private ended = false;
  private failure: Error | undefined;
  private wake: (() => void) | undefined;
  private readonly prefix: string;

  private readonly subscriber: CohortSubscriber;
  private readonly forget: () => void;

  constructor(subscriber: CohortSubscriber, forget: () => void) {
    this.subscriber = subscriber;
    this.forget = forget;
    this.prefix = `{"id":${JSON.stringify(subscriber.id)},"type":"next","payload":`;
  }

  send(payloads: readonly string[], maxBufferedBytes: number): void {
    if (this.ended) return;
    const { socket, transport } = this.subscriber;
    if (socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > maxBufferedBytes) return this.tooSlow();
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
