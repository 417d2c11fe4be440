import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketToTotal } from '@sportskk/contracts';
import type { TotallingService } from '../ports/totalling-service.ts';

/** A TotallingService and a way to see what totalling recorded. */
export interface TotallingServiceHarness {
  readonly service: TotallingService;
  isCounted(ticketId: string): Promise<boolean>;
  totalOf(teamCode: string): Promise<{ totalCredit: number; ticketCount: number }>;
  /** Makes totalling unreachable for the rest of the suite. */
  takeDown(): Promise<void>;
  dispose(): Promise<void>;
}

/** The promises ticketing relies on, run against one implementation of its TotallingService port. */
export function describeTotallingServiceContract(
  adapter: string,
  makeHarness: () => Promise<TotallingServiceHarness>,
): void {
  describe(`TotallingService contract: ${adapter}`, () => {
    let harness: TotallingServiceHarness;
    beforeAll(async () => {
      harness = await makeHarness();
    }, 60_000);
    afterAll(async () => harness?.dispose(), 60_000);

    /** Each test bets on a team of its own, so totals are its own. */
    let teams = ['KT', 'AA', 'LG', 'SS'];
    const ticket = (teamCode: string, betCredit = 100): TicketToTotal => ({
      ticketId: randomUUID(),
      teamCode,
      betCredit,
    });
    const team = () => {
      const [next, ...rest] = teams;
      teams = rest;
      return next!;
    };

    it('counts a ticket once, however often it is asked, also concurrently', async () => {
      const teamCode = team();
      const first = ticket(teamCode, 250);
      await harness.service.count(first, 'contract-count');
      await harness.service.count(first, 'contract-count');
      await Promise.all(
        Array.from({ length: 5 }, () => harness.service.count(first, 'contract-count')),
      );
      expect(await harness.isCounted(first.ticketId)).toBe(true);
      expect(await harness.totalOf(teamCode)).toEqual({ totalCredit: 250, ticketCount: 1 });
    });

    it('reverses a counted ticket once', async () => {
      const teamCode = team();
      const [kept, reversed] = [ticket(teamCode, 10), ticket(teamCode, 20)];
      await harness.service.count(kept, 'contract-reverse');
      await harness.service.count(reversed, 'contract-reverse');
      await harness.service.reverse(reversed, 'contract-reverse');
      await harness.service.reverse(reversed, 'contract-reverse');
      expect(await harness.isCounted(reversed.ticketId)).toBe(false);
      expect(await harness.totalOf(teamCode)).toEqual({ totalCredit: 10, ticketCount: 1 });
    });

    it('keeps out a ticket reversed before it was counted', async () => {
      const teamCode = team();
      const late = ticket(teamCode, 30);
      await harness.service.reverse(late, 'contract-late');
      await harness.service.count(late, 'contract-late');
      expect(await harness.isCounted(late.ticketId)).toBe(false);
      expect(await harness.totalOf(teamCode)).toEqual({ totalCredit: 0, ticketCount: 0 });
    });

    it('tells whether a ticket is counted now', async () => {
      const teamCode = team();
      const [counted, reversed, unseen] = [ticket(teamCode), ticket(teamCode), ticket(teamCode)];
      await harness.service.count(counted, 'contract-status');
      await harness.service.count(reversed, 'contract-status');
      await harness.service.reverse(reversed, 'contract-status');
      expect(await harness.service.isCounted(counted.ticketId, 'contract-status')).toBe(true);
      expect(await harness.service.isCounted(reversed.ticketId, 'contract-status')).toBe(false);
      expect(await harness.service.isCounted(unseen.ticketId, 'contract-status')).toBe(false);
    });

    it('refuses a bet outside the rules (a team it does not know) and records nothing', async () => {
      const stranger = { ticketId: randomUUID(), teamCode: 'ZZ', betCredit: 5 };
      await expect(harness.service.count(stranger, 'contract-refused')).rejects.toThrow();
      expect(await harness.isCounted(stranger.ticketId)).toBe(false);
    });

    it('rejects, in time, when totalling cannot be reached', async () => {
      await harness.takeDown();
      const started = performance.now();
      await expect(harness.service.count(ticket('KT'), 'contract-down')).rejects.toThrow();
      await expect(harness.service.isCounted(randomUUID(), 'contract-down')).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(10_000);
    });
  });
}
