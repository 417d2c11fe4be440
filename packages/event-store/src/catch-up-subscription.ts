import { backoff, sleep } from '@sportskk/backoff';
import {
  deliver,
  validateHandlers,
  type EventFilter,
  type GlobalPosition,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from './port.ts';

/** What a polling adapter offers the catch-up loop. */
export interface CatchUpSource {
  /**
   * Up to `maxCount` events after `after`, in global order. `pending` says newer events are committed
   * but not yet readable (an older transaction is still open): read again soon.
   */
  read(
    after: GlobalPosition | undefined,
    maxCount: number,
    filter: EventFilter | undefined,
  ): Promise<{ events: RecordedEvent[]; pending: boolean }>;
}

export interface CatchUpTuning {
  readonly batchSize?: number;
  /** Poll this often with no wake-up at all (a safety net for lost notifications). */
  readonly idlePollMs?: number;
  /** Re-read delay while events are pending behind an open transaction; backs off up to maxPendingPollMs. */
  readonly pendingPollMs?: number;
  readonly maxPendingPollMs?: number;
  /** Back-off after a failed read (lost connection), up to 5 s. */
  readonly retryMs?: number;
  /** Least time between two reads that are not catch-up: bigger batches, fewer reads, a little more lag. */
  readonly minReadIntervalMs?: number;
  /**
   * After a read that found events, read again this soon without waiting for a wake-up (off when unset): while
   * events keep coming, the next ones are there before a busy appender's wake-up arrives.
   */
  readonly busyPollMs?: number;
  readonly onReadError?: (error: unknown) => void;
}

/** Wakes a waiting loop; a wake that comes while nobody waits is kept for the next wait. */
export class WakeSignal {
  private woken = false;
  private resolveWait: (() => void) | undefined;

  wake(): void {
    this.woken = true;
    this.resolveWait?.();
  }

  /** Forget earlier wakes: call right before reading, so a wake during the read is not lost. */
  reset(): void {
    this.woken = false;
  }

  async wait(timeoutMs: number): Promise<void> {
    if (this.woken) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.resolveWait = done;
    });
    this.resolveWait = undefined;
  }
}

/** Reads batches in order and hands them to the subscriber (whole, or one by one); wakes on `signal` or polls. */
export function startCatchUpSubscription(
  source: CatchUpSource,
  signal: WakeSignal,
  options: SubscribeOptions,
  tuning: CatchUpTuning = {},
): Subscription {
  validateHandlers(options);
  const batchSize = tuning.batchSize ?? 500;
  const idlePollMs = tuning.idlePollMs ?? 1000;
  const pendingPollMs = tuning.pendingPollMs ?? 2;
  const maxPendingPollMs = Math.min(tuning.maxPendingPollMs ?? 50, idlePollMs);
  const retryMs = tuning.retryMs ?? 100;
  const minReadIntervalMs = tuning.minReadIntervalMs ?? 0;
  const busyPollMs =
    tuning.busyPollMs === undefined ? undefined : Math.min(tuning.busyPollMs, idlePollMs);
  let stopped = false;
  const stopping = new AbortController();
  let position = options.after;

  const run = async (): Promise<void> => {
    const pendingDelays = backoff({ initialMs: pendingPollMs, maxMs: maxPendingPollMs });
    const retryDelays = backoff({ initialMs: retryMs, maxMs: 5000 });
    let catchingUp = true;
    let lastRead = 0;
    while (!stopped) {
      const sinceLastRead = performance.now() - lastRead;
      if (!catchingUp && sinceLastRead < minReadIntervalMs)
        await sleep(minReadIntervalMs - sinceLastRead, stopping.signal);
      if (stopped) return;
      lastRead = performance.now();
      signal.reset();
      let batch: Awaited<ReturnType<CatchUpSource['read']>>;
      try {
        batch = await source.read(position, batchSize, options.filter);
        retryDelays.reset();
      } catch (error) {
        if (stopped) return;
        tuning.onReadError?.(error);
        await signal.wait(retryDelays.next());
        continue;
      }
      if (stopped) return;
      await deliver(options, batch.events, (event) => {
        position = event.position;
        return !stopped;
      });
      if (stopped) return;
      position = batch.events.at(-1)?.position ?? position;
      catchingUp = batch.events.length === batchSize;
      if (catchingUp) continue;
      const progressed = batch.events.length > 0;
      if (batch.pending) {
        if (progressed) pendingDelays.reset(); // the horizon moved: what is held back now is newer
        await signal.wait(pendingDelays.next());
      } else {
        pendingDelays.reset();
        await signal.wait(progressed && busyPollMs !== undefined ? busyPollMs : idlePollMs);
      }
    }
  };

  const done = run();
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      stopped = true;
      stopping.abort();
      signal.wake();
      await done.catch(() => undefined);
    },
  };
}
