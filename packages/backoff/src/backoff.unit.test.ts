import { describe, expect, it } from 'vitest';
import { backoff, sleep } from './backoff.ts';

describe('backoff', () => {
  it('doubles from the first delay up to the cap, and starts over after reset', () => {
    const delays = backoff({ initialMs: 100, maxMs: 500, jitter: 0 });
    expect([delays.next(), delays.next(), delays.next(), delays.next(), delays.next()]).toEqual([
      100, 200, 400, 500, 500,
    ]);
    delays.reset();
    expect(delays.next()).toBe(100);
  });

  it('takes up to the jitter share off each delay, never more', () => {
    const lowest = backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0.999999 });
    expect(lowest.next()).toBeCloseTo(50, 3);
    const highest = backoff({ initialMs: 100, maxMs: 1000, jitter: 0.5, random: () => 0 });
    expect(highest.next()).toBe(100);
    const spread = backoff({ initialMs: 1000, maxMs: 1000, jitter: 0.2 });
    for (let i = 0; i < 100; i++) expect(spread.next()).toBeGreaterThanOrEqual(800);
  });

  it('never goes below the first delay, even with a smaller cap', () => {
    const delays = backoff({ initialMs: 100, maxMs: 50, jitter: 0 });
    expect([delays.next(), delays.next()]).toEqual([100, 100]);
  });

  it('refuses settings that cannot make sense', () => {
    expect(() => backoff({ initialMs: -1, maxMs: 50 })).toThrow(RangeError);
    expect(() => backoff({ initialMs: 100, maxMs: 500, jitter: 2 })).toThrow(RangeError);
    expect(() => backoff({ initialMs: 100, maxMs: 500, factor: 0.5 })).toThrow(RangeError);
  });
});

describe('sleep', () => {
  it('waits the given time', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('ends at once when aborted, and does not wait at all when already aborted', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 10);
    await sleep(10_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(1000);
    await sleep(10_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
