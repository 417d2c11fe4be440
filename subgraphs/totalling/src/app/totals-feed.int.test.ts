import { randomUUID } from 'node:crypto';
import { createLogger } from '@sportskk/platform';
import { createTotallingStore } from '../adapters/postgres/postgres-totalling-store.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databasesUnderTest, type OpenedTotallingStore } from '../testing/databases.ts';
import { recordTicket } from './record-ticket.ts';
import { startTotalsFeed, type TotalsFeed } from './totals-feed.ts';

const logger = createLogger('totals-feed-test', 'silent');
const teams = ['KT', 'LG'];

for (const database of databasesUnderTest('totals feed')) {
  describe.skipIf(database.skip)(`the totals feed on ${database.name}`, () => {
    let opened: OpenedTotallingStore;
    let feed: TotalsFeed;
    beforeAll(async () => {
      opened = await database.open();
      feed = await startTotalsFeed(opened.store, { teams, logger, pollMs: 60_000 });
    });
    afterAll(async () => {
      await feed?.stop();
      await opened?.close();
    });
    const count = (teamCode: string, betCredit: number) =>
      recordTicket(
        opened.store,
        'count',
        { ticketId: randomUUID(), teamCode, betCredit },
        new Date(),
      );

    it("gives a watcher its team's totals now, then each change, and nothing of other teams", async () => {
      const watcher = feed.watch('KT');
      const now = (await watcher.next()).value;
      expect(now).toMatchObject({ teamCode: 'KT' });
      await count('LG', 5);
      await count('KT', 7);
      expect((await watcher.next()).value).toEqual({
        teamCode: 'KT',
        totalCredit: now!.totalCredit + 7,
        ticketCount: now!.ticketCount + 1,
      });
      await watcher.return!();
      expect(feed.watchers()).toBe(0);
    });

    it('hands a reader that fell behind the latest totals, not every step', async () => {
      const watcher = feed.watch('LG');
      const now = (await watcher.next()).value!;
      for (let i = 0; i < 3; i++) await count('LG', 1);
      await expect
        .poll(async () => (await opened.store.teamTotals(['LG']))[0]!.ticketCount)
        .toBe(now.ticketCount + 3);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await watcher.next()).value!.ticketCount).toBe(now.ticketCount + 3);
      await watcher.return!();
    });

    it.skipIf(database.kind !== 'server')(
      'hears changes another process commits on the same database',
      async () => {
        const other = await createTotallingStore(opened.sql, {
          eventStore: 'postgres',
          schema: opened.schema,
        });
        const watcher = feed.watch('KT');
        const now = (await watcher.next()).value!;
        await recordTicket(
          other,
          'count',
          { ticketId: randomUUID(), teamCode: 'KT', betCredit: 3 },
          new Date(),
        );
        expect((await watcher.next()).value!.totalCredit).toBe(now.totalCredit + 3);
        await watcher.return!();
      },
    );

    it('ends a waiting watcher at once when its reader returns', async () => {
      const watcher = feed.watch('KT');
      await watcher.next();
      const waiting = watcher.next();
      await watcher.return!();
      await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    });
  });
}
