import { describe, expect, it } from 'vitest';
import { cursorOf, isListCursor, ticketListQuery } from './ticket-list.ts';

const none = { given: false } as const;

describe('list arguments', () => {
  it('defaults to 20 with no filter and no cursor', () => {
    expect(ticketListQuery({ after: none })).toStrictEqual({
      ok: true,
      query: { filter: {}, first: 20 },
    });
    expect(ticketListQuery({ first: null, after: none, filter: null })).toStrictEqual({
      ok: true,
      query: { filter: {}, first: 20 },
    });
  });

  it('keeps the filter fields that are set', () => {
    expect(
      ticketListQuery({ filter: { status: 'APPROVED', teamCode: null }, first: 100, after: none }),
    ).toEqual({ ok: true, query: { filter: { status: 'APPROVED' }, first: 100 } });
    expect(ticketListQuery({ filter: { teamCode: 'KT' }, first: 1, after: none })).toEqual({
      ok: true,
      query: { filter: { teamCode: 'KT' }, first: 1 },
    });
  });

  it.each([0, -1, 101, 1.5, Number.NaN])('refuses first = %s', (first) => {
    expect(ticketListQuery({ first, after: none })).toMatchObject({
      ok: false,
      code: 'INVALID_PAGE_SIZE',
      argument: 'first',
    });
  });

  it('continues after the cursor it was given', () => {
    const cursor = { purchasedAt: '2026-01-01T00:00:00.000Z', id: 'abc' };
    expect(ticketListQuery({ after: { given: true, cursor } })).toEqual({
      ok: true,
      query: { filter: {}, first: 20, after: cursor },
    });
  });

  it('refuses a cursor it did not make', () => {
    expect(ticketListQuery({ after: { given: true, cursor: undefined } })).toMatchObject({
      ok: false,
      code: 'INVALID_CURSOR',
      argument: 'after',
    });
  });

  it('names a ticket by its sort key', () => {
    expect(cursorOf({ id: 'x', purchasedAt: '2026-01-01T00:00:00.000Z' })).toEqual({
      id: 'x',
      purchasedAt: '2026-01-01T00:00:00.000Z',
    });
  });
});

describe('decoded cursor parts', () => {
  const at = '2026-03-01T12:00:00.000Z';
  it('are a cursor when they are a normalised purchase time and a non-empty id', () => {
    expect(isListCursor(at, 't-1')).toBe(true);
  });
  it.each([
    ['an id that is not text', at, ['t-1']],
    ['an empty id', at, ''],
    ['a time that is not normalised', '2026-03-01T13:00:00+01:00', 't-1'],
    ['a time that is not text', new Date(at), 't-1'],
  ])('are not with %s', (_, purchasedAt, id) => {
    expect(isListCursor(purchasedAt, id)).toBe(false);
  });
});
