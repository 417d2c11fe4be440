import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareForList } from './list-order.ts';

describe('the list order', () => {
  it('puts the newest purchase first, then the greater id by code point', () => {
    const at = (purchasedAt: string, id: string) => ({ purchasedAt, id });
    const keys = [
      at('2026-01-01T00:00:00.000Z', 'a'),
      at('2026-01-02T00:00:00.000Z', 'a'),
      at('2026-01-01T00:00:00.000Z', 'B'),
      at('2026-01-01T00:00:00.000Z', '_'),
    ];
    expect(
      [...keys].sort(compareForList).map((k) => `${k.purchasedAt.slice(8, 10)}${k.id}`),
    ).toEqual(['02a', '01a', '01_', '01B']);
  });

  it('compares by code point, not UTF-16 unit', () => {
    expect(compareCodePoints('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFF').toBe(true);
  });
});
