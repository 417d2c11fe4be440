import { describe, expect, it } from 'vitest';
import { FeedState } from './feed-state.ts';
import type { StatusChange, TicketStatus } from './operations.ts';

let position = 0;
const change = (
  teamCode: string,
  status: TicketStatus,
  cursor = `c${++position}`,
): StatusChange => ({
  cursor,
  status,
  previousStatus: null,
  at: '2026-12-01T10:00:00.000Z',
  correlationId: 'corr',
  ticket: { id: `t-${cursor}`, teamCode, betCredit: 10 },
});

describe('FeedState', () => {
  it('lists newest first and remembers the last cursor to resume from', () => {
    const feed = new FeedState();
    const [a, b] = [change('KT', 'PENDING'), change('AA', 'APPROVED')];
    feed.add(a);
    feed.add(b);
    expect(feed.visible({}).map((c) => c.cursor)).toEqual([b.cursor, a.cursor]);
    expect(feed.lastCursor).toBe(b.cursor);
  });

  it('holds a change once, however often it arrives', () => {
    const feed = new FeedState();
    const a = change('KT', 'PENDING');
    expect(feed.add(a)).toBe(true);
    expect(feed.add({ ...a })).toBe(false);
    expect(feed.size).toBe(1);
  });

  it('drops the oldest past its limit, and a dropped cursor may come back', () => {
    const feed = new FeedState(2);
    const [a, b, c] = [
      change('KT', 'PENDING'),
      change('KT', 'APPROVED'),
      change('KT', 'CANCELLED'),
    ];
    for (const each of [a, b, c]) feed.add(each);
    expect(feed.visible({}).map((x) => x.cursor)).toEqual([c.cursor, b.cursor]);
    expect(feed.add(a)).toBe(true);
  });

  it('filters by team, by status, and by both', () => {
    const feed = new FeedState();
    for (const each of [
      change('KT', 'PENDING'),
      change('KT', 'CANCELLED'),
      change('AA', 'CANCELLED'),
    ])
      feed.add(each);
    const shown = (filter: Parameters<FeedState['visible']>[0]) =>
      feed.visible(filter).map((c) => `${c.ticket.teamCode} ${c.status}`);
    expect(shown({ teamCode: 'KT' })).toEqual(['KT CANCELLED', 'KT PENDING']);
    expect(shown({ status: 'CANCELLED' })).toEqual(['AA CANCELLED', 'KT CANCELLED']);
    expect(shown({ teamCode: 'AA', status: 'PENDING' })).toEqual([]);
  });
});
