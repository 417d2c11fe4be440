import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeStatusCursor, encodeCursor, encodeStatusCursor } from './cursors.ts';

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

describe('status change cursors', () => {
  const position = { transaction: 2n ** 64n - 1n, sequence: 7n };

  it('round-trip a position of the same kind of event store', () => {
    expect(decodeStatusCursor(encodeStatusCursor('postgres', position), 'postgres')).toEqual(
      position,
    );
  });

  it('round-trip the start of an empty log (ticketStatusCursor before any event)', () => {
    const start = { transaction: -1n, sequence: -1n };
    expect(decodeStatusCursor(encodeStatusCursor('postgres', start), 'postgres')).toEqual(start);
  });

  it('refuse one of another event store, a list cursor, a bad part, or text that is not a cursor', () => {
    expect(
      decodeStatusCursor(encodeStatusCursor('eventstoredb', position), 'postgres'),
    ).toBeUndefined();
    expect(
      decodeStatusCursor(
        encodeCursor({ purchasedAt: '2026-01-01T00:00:00.000Z', id: 'x' }),
        'postgres',
      ),
    ).toBeUndefined();
    const bad = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    expect(decodeStatusCursor(bad(['s1', 'postgres', '-1', '0']), 'postgres')).toBeUndefined();
    expect(decodeStatusCursor(bad(['s1', 'postgres', '0', '-1']), 'postgres')).toBeUndefined();
    expect(
      decodeStatusCursor(bad(['s1', 'postgres', String(2n ** 64n), '0']), 'postgres'),
    ).toBeUndefined();
    expect(decodeStatusCursor(bad(['s1', 'postgres', 1, '0']), 'postgres')).toBeUndefined();
    for (const text of ['nope', '', 'a'.repeat(201), '!!'])
      expect(decodeStatusCursor(text, 'postgres')).toBeUndefined();
  });
});
