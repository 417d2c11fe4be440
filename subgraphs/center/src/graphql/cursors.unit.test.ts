import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursors.ts';

describe('cursors', () => {
  it('round-trip, opaque and URL-safe, for any id', () => {
    for (const id of [
      '7b0c4f0e-0000-4000-8000-000000000001',
      'ünïcödé 流 🎟️',
      '"quoted"/\\',
      'x'.repeat(2000),
    ]) {
      const cursor = { purchasedAt: '2026-05-01T09:00:00.123Z', id };
      const text = encodeCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(text).not.toContain(id);
      expect(decodeCursor(text)).toEqual(cursor);
    }
  });

  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  it.each([
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['a JSON object', encode({ purchasedAt: '2026-01-01T00:00:00.000Z', id: 'a' })],
    ['another version', encode([2, '2026-01-01T00:00:00.000Z', 'a'])],
    ['a missing id', encode([1, '2026-01-01T00:00:00.000Z'])],
    ['an empty id', encode([1, '2026-01-01T00:00:00.000Z', ''])],
    ['a numeric id', encode([1, '2026-01-01T00:00:00.000Z', 5])],
    ['a time that is not normalised', encode([1, '2026-01-01T00:00:00Z', 'a'])],
    ['a time that is no time', encode([1, 'yesterday', 'a'])],
    ['an extra element', encode([1, '2026-01-01T00:00:00.000Z', 'a', 'b'])],
    ['far too long', 'A'.repeat(10_000)],
  ])('reject %s', (_label, text) => {
    expect(decodeCursor(text)).toBeUndefined();
  });
});
