import { describe, expect, it } from 'vitest';
import type { StoredTicketEvent } from './ticket-event-reader.ts';
import { ticketStream } from './ticket-events.ts';
import { checkAgainstRecord, ticketOnRecord } from './ticket-on-record.ts';

const ticketId = '5d9c0a4e-0000-4000-8000-0000000000bb';
const at = '2026-05-01T09:00:00.000Z';
const event = (
  type: string,
  data: Record<string, unknown>,
  metadata: Record<string, unknown> = { schemaVersion: 2 },
): StoredTicketEvent => ({
  type,
  streamName: ticketStream(ticketId),
  data: { ticketId, ...data },
  metadata,
});
const purchased = event('TicketPurchased', {
  buyerId: 'alice',
  teamCode: 'KT',
  betCredit: 100,
  purchasedAt: at,
});
const cancelled = event('TicketCancelled', { teamCode: 'KT', betCredit: 100, cancelledAt: at });

describe('what the log holds of a ticket', () => {
  it('is nothing for a stream without a purchase, even with a cancellation', () => {
    expect(ticketOnRecord([])).toBeUndefined();
    expect(ticketOnRecord([cancelled])).toBeUndefined();
  });

  it("is the purchase's team and stake, cancelled once the cancellation follows", () => {
    expect(ticketOnRecord([purchased])).toEqual({
      teamCode: 'KT',
      betCredit: 100,
      cancelled: false,
    });
    expect(
      ticketOnRecord([purchased, event('TicketApproved', { approvedAt: at }), cancelled]),
    ).toEqual({ teamCode: 'KT', betCredit: 100, cancelled: true });
  });

  it('keeps the first purchase and skips events it cannot read', () => {
    const second = event('TicketPurchased', {
      buyerId: 'bob',
      teamCode: 'LG',
      betCredit: 9,
      purchasedAt: at,
    });
    const broken = event('TicketCancelled', { teamCode: 'KT', betCredit: 'lots' });
    expect(ticketOnRecord([purchased, second, broken])).toEqual({
      teamCode: 'KT',
      betCredit: 100,
      cancelled: false,
    });
  });

  it('reads a version 1 purchase (no schema version) like today’s', () => {
    const v1 = event('TicketPurchased', { teamCode: 'AA', betCredit: 3, purchasedAt: at }, {});
    expect(ticketOnRecord([v1])).toEqual({ teamCode: 'AA', betCredit: 3, cancelled: false });
  });
});

describe('whether the log backs a count or reversal', () => {
  const ticket = { ticketId, teamCode: 'KT', betCredit: 100 };
  const bought = { teamCode: 'KT', betCredit: 100, cancelled: false };
  it('backs a count of the purchase, and a reversal of its cancellation', () => {
    expect(checkAgainstRecord('count', ticket, bought)).toEqual({ ok: true, operation: 'count' });
    expect(checkAgainstRecord('reverse', ticket, { ...bought, cancelled: true })).toEqual({
      ok: true,
      operation: 'reverse',
    });
  });

  it('turns a count of a cancelled ticket into a reversal, so it stays out', () => {
    expect(checkAgainstRecord('count', ticket, { ...bought, cancelled: true })).toEqual({
      ok: true,
      operation: 'reverse',
    });
  });

  it.each([
    ['no purchase', 'count', ticket, undefined, 'PURCHASE_NOT_FOUND'],
    ['another stake', 'count', { ...ticket, betCredit: 5_000_000 }, bought, 'PURCHASE_MISMATCH'],
    ['another team', 'reverse', { ...ticket, teamCode: 'LG' }, bought, 'PURCHASE_MISMATCH'],
    ['no cancellation', 'reverse', ticket, bought, 'CANCELLATION_NOT_FOUND'],
  ] as const)('refuses a call with %s', (_label, operation, asked, onRecord, code) => {
    expect(checkAgainstRecord(operation, asked, onRecord)).toMatchObject({ ok: false, code });
  });
});
