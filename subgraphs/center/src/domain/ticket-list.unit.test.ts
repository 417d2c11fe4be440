import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareForList, cursorOf, decodeCursor, encodeCursor, ticketListQuery } from './ticket-list.ts';

describe('list arguments', () => {
  it('defaults to 20 with no filter and no cursor', () => {
    expect(ticketListQuery({})).toEqual({ ok: true, query: { filter: {}, first: 20 } });
    expect(ticketListQuery({ first: null, after: null, filter: null })).toEqual({ ok: true, query: { filter: {}, first: 20 } });
  });

  it('keeps the filter fields that are set', () => {
    expect(ticketListQuery({ filter: { status: 'APPROVED', teamCode: null }, first: 100 })).toEqual({ ok: true, query: { filter: { status: 'APPROVED' }, first: 100 } });
    expect(ticketListQuery({ filter: { teamCode: 'KT' }, first: 1 })).toEqual({ ok: true, query: { filter: { teamCode: 'KT' }, first: 1 } });
  });

  it.each([0, -1, 101, 1.5, Number.NaN])('refuses first = %s', (first) => {
    expect(ticketListQuery({ first })).toMatchObject({ ok: false, code: 'INVALID_PAGE_SIZE', argument: 'first' });
  });

  it('decodes the cursor it was given', () => {
    const after = { purchasedAt: '2026-01-01T00:00:00.000Z', id: 'abc' };
    expect(ticketListQuery({ after: encodeCursor(after) })).toEqual({ ok: true, query: { filter: {}, first: 20, after } });
  });

  it('refuses a malformed cursor', () => {
    expect(ticketListQuery({ after: 'nope!' })).toMatchObject({ ok: false, code: 'INVALID_CURSOR', argument: 'after' });
  });
});

describe('cursors', () => {
  it('round-trip, opaque and URL-safe, for any id', () => {
    for (const id of ['7b0c4f0e-0000-4000-8000-000000000001', 'ünïcödé 流 🎟️', '"quoted"/\\', 'x'.repeat(2000)]) {
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

  it('are the sort key of a ticket', () => {
    expect(cursorOf({ id: 'x', purchasedAt: '2026-01-01T00:00:00.000Z' })).toEqual({ id: 'x', purchasedAt: '2026-01-01T00:00:00.000Z' });
  });
});

describe('the list order', () => {
  it('puts the newest purchase first, then the greater id by code point', () => {
    const at = (purchasedAt: string, id: string) => ({ purchasedAt, id });
    const keys = [at('2026-01-01T00:00:00.000Z', 'a'), at('2026-01-02T00:00:00.000Z', 'a'), at('2026-01-01T00:00:00.000Z', 'B'), at('2026-01-01T00:00:00.000Z', '_')];
    expect([...keys].sort(compareForList).map((k) => `${k.purchasedAt.slice(8, 10)}${k.id}`)).toEqual(['02a', '01a', '01_', '01B']);
  });

  it('compares by code point, not UTF-16 unit', () => {
    expect(compareCodePoints('\u{1F600}', '\uFFFF')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFFFF').toBe(true);
  });
});
