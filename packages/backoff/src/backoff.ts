export interface BackoffOptions {
  /** The first delay. */
  readonly initialMs: number;
  /** No delay grows past this (or past initialMs, if that is larger). */
  readonly maxMs: number;
  /** Each delay is this many times the one before; default 2. */
  readonly factor?: number;
  /** Up to this share of each delay is taken off at random, so replicas failing together retry apart; default 0.2. */
  readonly jitter?: number;
  /** Default Math.random; tests pass their own. */
  readonly random?: () => number;
}

export interface Backoff {
  /** The delay to wait now; the one after it is longer, up to the cap. */
  next(): number;
  /** After a success: the next delay is the first one again. */
  reset(): void;
}

/** Exponential back-off with jitter: initial, initial × factor, ... capped at maxMs, each less up to `jitter` of it. */
export function backoff(options: BackoffOptions): Backoff {
  const { initialMs } = options;
  const maxMs = Math.max(options.maxMs, initialMs);
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  if (!(initialMs >= 0 && factor >= 1 && jitter >= 0 && jitter <= 1)) {
    throw new RangeError(
      `Invalid back-off: ${JSON.stringify({ initialMs, maxMs, factor, jitter })}`,
    );
  }
  let step = initialMs;
  return {
    next() {
      const delay = step * (1 - jitter * random());
      step = Math.min(step * factor, maxMs);
      return delay;
    },
    reset() {
      step = initialMs;
    },
  };
}

/** Waits `ms`, or less when `signal` aborts first; never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
