import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_EVENT_SCHEMA_VERSION, ticketStream, type TicketToTotal } from '@sportskk/contracts';
import type { EventStore } from '@sportskk/event-store';
import type { TotallingService } from '../ports/totalling-service.ts';

/** A TotallingService and a way to see what totalling recorded. */
export interface TotallingServiceHarness {
  readonly service: TotallingService;
  /** The log totalling checks calls against; the contract writes the purchases and cancellations it calls about. */
  readonly events: EventStore;
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

    const teams = ['KT', 'AA', 'LG', 'SS'];
    let used = 0;
    const unlogged = (teamCode: string, betCredit = 100): TicketToTotal => ({
      ticketId: randomUUID(),
      teamCode,
      betCredit,
    });
    const append = (ticket: TicketToTotal, type: string, data: Record<string, unknown>) =>
      harness.events.appendToStream(ticketStream(ticket.ticketId), [
        {
          type,
          data: { ticketId: ticket.ticketId, ...data },
          metadata: {
            correlationId: 'contract',
            actor: 'contract',
            schemaVersion: TICKET_EVENT_SCHEMA_VERSION,
          },
        },
      ]);
    /** A ticket ticketing has sold: its purchase is in the log. */
    const ticket = async (teamCode: string, betCredit = 100): Promise<TicketToTotal> => {
      const sold = unlogged(teamCode, betCredit);
      await append(sold, 'TicketPurchased', {
        buyerId: 'contract',
        teamCode,
        betCredit,
        purchasedAt: new Date().toISOString(),
      });
      return sold;
    };
    /** Ticketing cancels the ticket: the cancellation is in the log. */
    const cancel = async (sold: TicketToTotal) => {
      await append(sold, 'TicketCancelled', {
        teamCode: sold.teamCode,
        betCredit: sold.betCredit,
        cancelledAt: new Date().toISOString(),
      });
      return sold;
    };
    /** A team to bet on, and what its totals gained since this was called. */
    const team = async () => {
      const teamCode = teams[used++ % teams.length]!;
      const before = await harness.totalOf(teamCode);
      const gained = async () => {
        const now = await harness.totalOf(teamCode);
        return {
          totalCredit: now.totalCredit - before.totalCredit,
          ticketCount: now.ticketCount - before.ticketCount,
        };
      };
      return { teamCode, gained };
    };

    it('counts a ticket once, however often it is asked, also concurrently', async () => {
      const { teamCode, gained } = await team();
      const first = await ticket(teamCode, 250);
      await harness.service.count(first, 'contract-count');
      await harness.service.count(first, 'contract-count');
      await Promise.all(
        Array.from({ length: 5 }, () => harness.service.count(first, 'contract-count')),
      );
      expect(await harness.isCounted(first.ticketId)).toBe(true);
      expect(await gained()).toEqual({ totalCredit: 250, ticketCount: 1 });
    });

    it('reverses a counted ticket once', async () => {
      const { teamCode, gained } = await team();
      const [kept, reversed] = [await ticket(teamCode, 10), await ticket(teamCode, 20)];
      await harness.service.count(kept, 'contract-reverse');
      await harness.service.count(reversed, 'contract-reverse');
      await cancel(reversed);
      await harness.service.reverse(reversed, 'contract-reverse');
      await harness.service.reverse(reversed, 'contract-reverse');
      expect(await harness.isCounted(reversed.ticketId)).toBe(false);
      expect(await gained()).toEqual({ totalCredit: 10, ticketCount: 1 });
    });

    it('keeps out a ticket reversed before it was counted', async () => {
      const { teamCode, gained } = await team();
      const late = await cancel(await ticket(teamCode, 30));
      await harness.service.reverse(late, 'contract-late');
      await harness.service.count(late, 'contract-late');
      expect(await harness.isCounted(late.ticketId)).toBe(false);
      expect(await gained()).toEqual({ totalCredit: 0, ticketCount: 0 });
    });

    it('keeps out a ticket whose count comes after its cancellation is on the log', async () => {
      const { teamCode, gained } = await team();
      const late = await cancel(await ticket(teamCode, 60));
      await harness.service.count(late, 'contract-count-cancelled');
      expect(await harness.isCounted(late.ticketId)).toBe(false);
      await harness.service.count(late, 'contract-count-cancelled');
      expect(await gained()).toEqual({ totalCredit: 0, ticketCount: 0 });
    });

    it('tells whether a ticket is counted now', async () => {
      const { teamCode } = await team();
      const [counted, reversed, unseen] = [
        await ticket(teamCode),
        await ticket(teamCode),
        unlogged(teamCode),
      ];
      await harness.service.count(counted, 'contract-status');
      await harness.service.count(reversed, 'contract-status');
      await cancel(reversed);
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

    it('refuses to count a ticket the log holds no purchase of, and changes no total', async () => {
      const { teamCode, gained } = await team();
      const forged = unlogged(teamCode, 5_000_000);
      await expect(harness.service.count(forged, 'contract-forged')).rejects.toThrow(
        /PURCHASE_NOT_FOUND/,
      );
      expect(await harness.isCounted(forged.ticketId)).toBe(false);
      expect(await gained()).toEqual({ totalCredit: 0, ticketCount: 0 });
    });

    it('refuses a count whose team or stake differs from the purchase, and changes no total', async () => {
      const { teamCode, gained } = await team();
      const sold = await ticket(teamCode, 10);
      for (const forged of [
        { ...sold, betCredit: 10_000 },
        { ...sold, teamCode: teamCode === 'KT' ? 'LG' : 'KT' },
      ])
        await expect(harness.service.count(forged, 'contract-mismatch')).rejects.toThrow(
          /PURCHASE_MISMATCH/,
        );
      expect(await harness.isCounted(sold.ticketId)).toBe(false);
      expect(await gained()).toEqual({ totalCredit: 0, ticketCount: 0 });
    });

    it('refuses to reverse a ticket the log holds no cancellation of, and keeps it counted', async () => {
      const { teamCode, gained } = await team();
      const sold = await ticket(teamCode, 40);
      await harness.service.count(sold, 'contract-keep');
      await expect(harness.service.reverse(sold, 'contract-keep')).rejects.toThrow(
        /CANCELLATION_NOT_FOUND/,
      );
      expect(await harness.isCounted(sold.ticketId)).toBe(true);
      expect(await gained()).toEqual({ totalCredit: 40, ticketCount: 1 });
    });

    it('rejects, in time, when totalling cannot be reached', async () => {
      await harness.takeDown();
      const started = performance.now();
      await expect(harness.service.count(await ticket('KT'), 'contract-down')).rejects.toThrow();
      await expect(harness.service.isCounted(randomUUID(), 'contract-down')).rejects.toThrow();
      expect(performance.now() - started).toBeLessThan(10_000);
    });
  });
}
