import { describe, expect, it } from 'vitest';
import { LiveWatcher } from './live-watcher.ts';

class Numbers extends LiveWatcher<number> {
  readonly queue: number[] = [];
  failure: Error | undefined;
  push(value: number) {
    this.queue.push(value);
    this.wake();
  }
  protected take() {
    if (this.failure) throw this.failure;
    return this.queue.shift();
  }
}

describe('a live watcher', () => {
  it('hands over what it takes, waiting for news in between', async () => {
    let forgotten = 0;
    const watcher = new Numbers(() => forgotten++);
    const values = watcher.iterator();
    const first = values.next();
    watcher.push(1);
    expect(await first).toEqual({ done: false, value: 1 });
    watcher.push(2);
    expect(await values.next()).toEqual({ done: false, value: 2 });
    expect(forgotten).toBe(0);
  });

  it('ends at once on return(), even while waiting, and is forgotten', async () => {
    let forgotten = 0;
    const watcher = new Numbers(() => forgotten++);
    const values = watcher.iterator();
    const waiting = values.next();
    await values.return!();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    watcher.push(3);
    expect(await values.next()).toEqual({ done: true, value: undefined });
    expect(forgotten).toBeGreaterThanOrEqual(1);
  });

  it('fails the reader with what take throws, then ends', async () => {
    let forgotten = 0;
    const watcher = new Numbers(() => forgotten++);
    watcher.failure = new Error('too slow');
    const values = watcher.iterator();
    await expect(values.next()).rejects.toThrow('too slow');
    expect(forgotten).toBe(1);
    expect(await values.next()).toEqual({ done: true, value: undefined });
  });

  it('ends a waiting reader when the feed ends it', async () => {
    const watcher = new Numbers(() => undefined);
    const waiting = watcher.iterator().next();
    watcher.end();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });
});
