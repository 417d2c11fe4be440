import { describe, expect, it } from 'vitest';
import { comparePositions, formatPosition, parsePosition, START } from './position.ts';

describe('positions', () => {
  it('compare by transaction, then sequence', () => {
    expect(
      comparePositions({ transaction: 1n, sequence: 9n }, { transaction: 2n, sequence: 1n }),
    ).toBe(-1);
    expect(
      comparePositions({ transaction: 2n, sequence: 3n }, { transaction: 2n, sequence: 1n }),
    ).toBe(1);
    expect(
      comparePositions({ transaction: 2n, sequence: 3n }, { transaction: 2n, sequence: 3n }),
    ).toBe(0);
    expect(comparePositions(START, { transaction: 0n, sequence: 0n })).toBe(-1);
  });

  it('round-trip through text beyond 2^53', () => {
    const big = { transaction: 2n ** 63n - 1n, sequence: 2n ** 60n + 7n };
    expect(parsePosition(formatPosition(big))).toEqual(big);
    expect(parsePosition(formatPosition(START))).toEqual(START);
  });

  it('reject text that is not a position', () => {
    for (const text of ['', '1', '1/x', 'a/1', '1/2/3', ' 1/2'])
      expect(() => parsePosition(text)).toThrow(/Not a position/);
  });
});
