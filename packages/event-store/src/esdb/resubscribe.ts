import { backoff, sleep } from '@sportskk/backoff';
import {
  deliver,
  validateHandlers,
  type GlobalPosition,
  type RecordedEvent,
  type SubscribeOptions,
  type Subscription,
} from '../port.ts';
import { matchesFilter } from '../validation.ts';
import { isAfter } from './mapping.ts';

/** One live connection's events, in global order; it may end or throw when the connection drops. */
export interface LiveSource {
  readonly events: AsyncIterable<RecordedEvent>;
  /** Ends `events` (also when a read is pending). */
  close(): Promise<void>;
}

/** Opens a source delivering events after `after` (it may repeat the event at `after`). */
export type OpenLiveSource = (after: GlobalPosition | undefined) => LiveSource;

export interface ResubscribeTuning {
  /** First back-off after a drop; grows up to maxRetryMs. */
  readonly retryMs?: number;
  readonly maxRetryMs?: number;
  /** Told about each drop (an error, or undefined when the source just ended). */
  readonly onDrop?: (error: unknown) => void;
  /**
   * Whether a drop's error may go away by itself (worth reopening for). Any other error ends the subscription:
   * `done` rejects with it. A source that just ends is always reopened. Default: every error is retried.
   */
  readonly isTransient?: (error: unknown) => boolean;
}

/**
 * Feeds the handler one event at a time from `open`, reopening from the last handled position after
 * every transient drop (with back-off) until stop(). Skips events at or before that position and re-checks the
 * filter. A handler error, or a drop whose error is not transient, ends the subscription: `done` rejects with it.
 */
export function startResubscribing(
  open: OpenLiveSource,
  options: SubscribeOptions,
  tuning: ResubscribeTuning = {},
): Subscription {
  validateHandlers(options);
  const retryMs = tuning.retryMs ?? 100;
  const maxRetryMs = tuning.maxRetryMs ?? 5000;
  let checkpoint = options.after;
  let stopped = false;
  const stopping = new AbortController();
  let interrupt: (() => void) | undefined;

  /** `promise`, or undefined as soon as stop() is called. */
  const unlessStopped = <T>(promise: Promise<T>): Promise<T | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    return new Promise<T | undefined>((resolve, reject) => {
      interrupt = () => resolve(undefined);
      promise.then(resolve, reject);
    }).finally(() => (interrupt = undefined));
  };

  /** Hands the source's new events to the handler; returns when it drops or ends. Throws only the handler's error. */
  const consume = async (source: LiveSource): Promise<{ error?: unknown; delivered: boolean }> => {
    let delivered = false;
    let iterator: AsyncIterator<RecordedEvent>;
    try {
      iterator = source.events[Symbol.asyncIterator]();
    } catch (error) {
      return { error, delivered };
    }
    while (!stopped) {
      let next: IteratorResult<RecordedEvent> | undefined;
      try {
        next = await unlessStopped(iterator.next());
      } catch (error) {
        return { error, delivered };
      }
      if (next === undefined || next.done) break;
      delivered = true;
      const event = next.value;
      if (!isAfter(event, checkpoint) || !matchesFilter(options.filter, event)) continue;
      await deliver(options, [event]); // a live stream: batches of one
      checkpoint = event.position;
    }
    return { delivered };
  };

  const connectOnce = async (): Promise<{ error?: unknown; delivered: boolean }> => {
    let source: LiveSource;
    try {
      source = open(checkpoint);
    } catch (error) {
      return { error, delivered: false };
    }
    try {
      return await consume(source);
    } finally {
      await source.close().catch(() => undefined);
    }
  };

  const run = async (): Promise<void> => {
    const delays = backoff({ initialMs: retryMs, maxMs: maxRetryMs });
    while (!stopped) {
      const outcome = await connectOnce();
      if (stopped) return;
      try {
        tuning.onDrop?.(outcome.error);
      } catch {
        // a failing logger must not end the subscription
      }
      if (outcome.error !== undefined && !(tuning.isTransient?.(outcome.error) ?? true))
        throw outcome.error;
      if (outcome.delivered) delays.reset();
      await sleep(delays.next(), stopping.signal);
    }
  };

  const done = run();
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      stopped = true;
      stopping.abort();
      interrupt?.();
      await done.catch(() => undefined);
    },
  };
}
