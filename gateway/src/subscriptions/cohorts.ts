import { LiveWatcher } from '@sportskk/platform';
import type { ExecutionResult } from 'graphql-ws';
import { SubscriberTooSlow } from './federated-subscription.ts';

export interface Cohorts {
  /**
   * A member of the cohort `key`: subscribers with the same operation, variables and roles share one upstream
   * stream and one run of the per-event plan (`start` makes it for the first member), each with its own bounded
   * buffer. The stream closes when the last member leaves.
   */
  join(
    key: string,
    start: () => AsyncIterableIterator<ExecutionResult>,
  ): AsyncIterableIterator<ExecutionResult>;
  /** Open cohorts (shared streams). */
  size(): number;
}

/** Cohorts whose members may each fall `bufferSize` results behind before they are failed with SubscriberTooSlow. */
export function createCohorts(bufferSize: number): Cohorts {
  const cohorts = new Map<string, Cohort>();
  return {
    join(key, start) {
      let cohort = cohorts.get(key);
      if (!cohort) {
        cohort = new Cohort(start(), () => cohorts.delete(key));
        cohorts.set(key, cohort);
      }
      return cohort.join(bufferSize);
    },
    size: () => cohorts.size,
  };
}

class Cohort {
  private readonly members = new Set<Member>();
  private closed = false;

  constructor(
    private readonly source: AsyncIterableIterator<ExecutionResult>,
    private readonly forget: () => void,
  ) {
    void this.pump();
  }

  join(bufferSize: number): AsyncIterableIterator<ExecutionResult> {
    const member = new Member(bufferSize, () => this.leave(member));
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
    this.closed = true;
    this.forget();
  }

  private async pump() {
    try {
      for (;;) {
        const next = await this.source.next();
        if (next.done) break;
        for (const member of this.members) member.offer(next.value);
      }
      this.close();
      for (const member of [...this.members]) member.finish();
    } catch (error) {
      this.close();
      for (const member of [...this.members]) member.fail(error as Error);
    }
  }
}

/** One subscriber of a cohort: its own queue of the shared results. */
class Member extends LiveWatcher<ExecutionResult> {
  private readonly queue: ExecutionResult[] = [];
  private failure: Error | undefined;
  private finished = false;

  constructor(
    private readonly bufferSize: number,
    forget: () => void,
  ) {
    super(forget);
  }

  offer(result: ExecutionResult): void {
    if (this.failure) return;
    this.queue.push(result);
    if (this.queue.length > this.bufferSize) {
      this.failure = new SubscriberTooSlow(this.bufferSize);
      this.queue.length = 0;
    }
    this.wake();
  }

  /** The shared stream ended: what is queued is still handed over, then the member ends. */
  finish(): void {
    this.finished = true;
    this.wake();
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  protected take(): ExecutionResult | undefined {
    const result = this.queue.shift();
    if (result) return result;
    if (this.failure) throw this.failure;
    if (this.finished) this.end();
    return undefined;
  }
}
