import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@sportskk/event-store';
import { describe, expect, it } from 'vitest';
import { cursorOf, type TicketListFilter, type TicketListQuery } from '../domain/ticket-list.ts';
import { compareForList } from './list-order.ts';
import type { TicketViewDocument } from '../domain/ticket-view.ts';
import { applyTicketEvent } from '../app/apply-ticket-event.ts';
import type { TicketViewStore } from '../ports/ticket-view-store.ts';
import { ticketEventLog } from './ticket-events.ts';

const SAME_TIME = '2026-04-01T08:00:00.000Z';

/**
 * Ten tickets over two teams and three statuses; four share a purchase time, with ids whose byte order differs
 * from a dictionary order ('0' < 'B' < 'F' < 'a' by byte, 'a' before 'B' in a dictionary), so the tie-break is checked.
 */
async function seed(store: TicketViewStore): Promise<TicketViewDocument[]> {
  const log = ticketEventLog();
  const tag = randomUUID().slice(0, -1); // ids differ only in their last character
  const events: RecordedEvent[] = [];
  for (const suffix of ['a', 'B', '0', 'F'])
    events.push(
      log.purchase(`${tag}${suffix}`, {
        purchasedAt: SAME_TIME,
        teamCode: suffix === 'B' ? 'LG' : 'KT',
        buyerId: suffix === 'F' ? 'bob' : 'alice',
      }),
    );
  for (let i = 0; i < 6; i++) {
    const id = randomUUID();
    events.push(
      log.purchase(id, {
        teamCode: i % 2 ? 'KT' : 'LG',
        buyerId: ['alice', 'bob', 'carol'][i % 3]!,
        purchasedAt: `2026-04-0${i + 1}T0${i}:00:00.000Z`,
      }),
    );
    if (i % 3 === 1) events.push(log.approve(id));
    if (i % 3 === 2) events.push(log.cancel(id));
  }
  events.push(log.approve(`${tag}a`), log.cancel(`${tag}0`));
  for (const event of events) await applyTicketEvent(store, event);
  const documents = await Promise.all(
    [...new Set(events.map((e) => e.data.ticketId as string))].map((id) => store.get(id)),
  );
  return documents.map((doc) => doc!);
}

const matching = (documents: readonly TicketViewDocument[], filter: TicketListFilter) =>
  documents
    .filter(
      (doc) =>
        (filter.status === undefined || doc.status === filter.status) &&
        (filter.teamCode === undefined || doc.teamCode === filter.teamCode) &&
        (filter.buyerId === undefined || doc.buyerId === filter.buyerId),
    )
    .sort(compareForList);

/** Walks every page; returns the ids in the order seen and what each page said. */
async function walk(store: TicketViewStore, filter: TicketListFilter, first: number) {
  const ids: string[] = [];
  const pages: Array<{ size: number; hasNextPage: boolean; totalCount: number }> = [];
  let after: TicketListQuery['after'];
  for (let guard = 0; guard < 50; guard++) {
    const page = await store.list({ filter, first, ...(after ? { after } : {}) });
    ids.push(...page.tickets.map((doc) => doc.id));
    pages.push({
      size: page.tickets.length,
      hasNextPage: page.hasNextPage,
      totalCount: page.totalCount,
    });
    if (!page.hasNextPage) break;
    after = cursorOf(page.tickets.at(-1)!);
  }
  return { ids, pages };
}

export function ticketListPagingContract({ store }: { store(): TicketViewStore }): void {
  describe('list', () => {
    it('is empty on an empty store', async () => {
      expect(await store().list({ filter: {}, first: 20 })).toEqual({
        tickets: [],
        hasNextPage: false,
        totalCount: 0,
      });
    });

    const filters: Array<[string, TicketListFilter]> = [
      ['no filter', {}],
      ['status PENDING', { status: 'PENDING' }],
      ['status APPROVED', { status: 'APPROVED' }],
      ['status CANCELLED', { status: 'CANCELLED' }],
      ['team KT', { teamCode: 'KT' }],
      ['team LG and status PENDING', { teamCode: 'LG', status: 'PENDING' }],
      ['an unknown team', { teamCode: 'XX' }],
      ['a team differing only in case', { teamCode: 'kt' }],
      ['buyer alice', { buyerId: 'alice' }],
      ['buyer bob and team KT', { buyerId: 'bob', teamCode: 'KT' }],
      ['buyer carol and status CANCELLED', { buyerId: 'carol', status: 'CANCELLED' }],
      ['a buyer with no tickets', { buyerId: 'mallory' }],
      ['a buyer differing only in case', { buyerId: 'Alice' }],
    ];
    it.each(filters)(
      'with %s: newest purchase first, id descending on ties, full documents, total count',
      async (_label, filter) => {
        const documents = await seed(store());
        const expected = matching(documents, filter);
        const page = await store().list({ filter, first: 100 });
        expect(page.tickets).toEqual(expected);
        expect(page.totalCount).toBe(expected.length);
        expect(page.hasNextPage).toBe(false);
      },
    );

    it.each([
      ['no filter', 3, {}],
      ['no filter', 1, {}],
      ['team KT', 2, { teamCode: 'KT' }],
      ['status PENDING', 2, { status: 'PENDING' }],
      ['buyer alice', 2, { buyerId: 'alice' }],
    ] as Array<[string, number, TicketListFilter]>)(
      'pages with %s, %i at a time: no gaps, no duplicates, same total on each page',
      async (_label, first, filter) => {
        const documents = await seed(store());
        const expected = matching(documents, filter).map((doc) => doc.id);
        const { ids, pages } = await walk(store(), filter, first);
        expect(ids).toEqual(expected);
        expect(pages.every((page) => page.totalCount === expected.length)).toBe(true);
        expect(pages.map((page) => page.hasNextPage)).toEqual(
          pages.map((_, i) => i < pages.length - 1),
        );
        expect(pages.slice(0, -1).every((page) => page.size === first)).toBe(true);
      },
    );

    it('says there is no next page when the page ends exactly at the last ticket', async () => {
      const documents = await seed(store());
      const page = await store().list({ filter: {}, first: documents.length });
      expect(page.tickets).toHaveLength(documents.length);
      expect(page.hasNextPage).toBe(false);
      const last = await store().list({
        filter: {},
        first: 5,
        after: cursorOf(page.tickets.at(-1)!),
      });
      expect(last).toEqual({ tickets: [], hasNextPage: false, totalCount: documents.length });
    });

    it('continues after a cursor whose ticket is not stored, by sort key', async () => {
      const documents = await seed(store());
      const ordered = matching(documents, {});
      const tied = ordered.filter((doc) => doc.purchasedAt === SAME_TIME);
      const between = { purchasedAt: SAME_TIME, id: `${tied[1]!.id}~` }; // sorts between tied[0] and tied[1]
      const page = await store().list({ filter: {}, first: 100, after: between });
      expect(page.tickets.map((doc) => doc.id)).toEqual(
        ordered.slice(ordered.indexOf(tied[1]!)).map((doc) => doc.id),
      );
    });

    it('shows a ticket whose status changed between pages under its new status, without repeating others', async () => {
      const log = ticketEventLog();
      const ids = Array.from({ length: 4 }, () => randomUUID());
      for (const [i, id] of ids.entries())
        await applyTicketEvent(
          store(),
          log.purchase(id, { purchasedAt: `2026-04-0${i + 1}T00:00:00.000Z` }),
        );
      const first = await store().list({ filter: { status: 'PENDING' }, first: 2 });
      expect(first.tickets.map((doc) => doc.id)).toEqual([ids[3], ids[2]]);
      await applyTicketEvent(store(), log.approve(ids[1]!, {}));
      const second = await store().list({
        filter: { status: 'PENDING' },
        first: 2,
        after: cursorOf(first.tickets[1]!),
      });
      expect(second.tickets.map((doc) => doc.id)).toEqual([ids[0]]);
      expect(second.totalCount).toBe(3);
    });
  });
}
