/**
 * One reader of a live feed, as a pull iterator: the feed offers values and wakes it, the reader takes them.
 * Not a generator: return() ends it at once, even while next() waits, and forgets it in the feed.
 */
export abstract class LiveWatcher<T> {
  protected ended = false;
  private waiting: (() => void) | undefined;
  /** Set by wake(): news came while the reader was taking, so it takes again instead of waiting. */
  private news = false;

  private readonly forget: () => void;

  constructor(forget: () => void) {
    this.forget = forget;
  }

  /** The next value to hand over, or undefined to wait for news; may throw to fail the reader. */
  protected abstract take(): Promise<T | undefined> | T | undefined;

  end(): void {
    this.ended = true;
    this.forget();
    this.wake();
  }

  /** Tells a waiting reader there is news. */
  protected wake(): void {
    this.news = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }

  iterator(): AsyncIterableIterator<T> {
    const done = { done: true, value: undefined } as const;
    const iterator: AsyncIterableIterator<T> = {
      next: async () => {
        for (;;) {
          if (this.ended) return done;
          this.news = false;
          let value: T | undefined;
          try {
            value = await this.take();
          } catch (error) {
            this.end();
            throw error;
          }
          if (value !== undefined) return { done: false, value };
          if (this.ended) return done;
          if (this.news) continue;
          await new Promise<void>((resolve) => (this.waiting = resolve));
        }
      },
      return: async () => (this.end(), done),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}
