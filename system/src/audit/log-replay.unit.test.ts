import { randomUUID } from 'node:crypto';
import { ticketStream } from '@sportskk/contracts';
import { describe, expect, it } from 'vitest';
import { replayTicketLog, totalsOnLog } from './log-replay.ts';

const at = '2026-05-01T09:00:00.000Z';
/** One ticket's stream, revisions counting up as events are added. */
const stream = (ticketId = randomUUID()) => {
  let revision = 0n;
  const event = (
    type: string,
    data: Record<string, unknown>,
    schemaVersion: number | null = 2,
  ) => ({
    type,
    streamName: ticketStream(ticketId),
    revision: revision++,
    data: { ticketId, ...data },
    metadata: schemaVersion === null ? { actor: 'old-app' } : { schemaVersion },
  });
  return {
    ticketId,
    purchased: (teamCode = 'KT', betCredit = 100, buyerId = 'alice') =>
      event('TicketPurchased', { buyerId, teamCode, betCredit, purchasedAt: at }),
    purchasedV1: (teamCode = 'KT', betCredit = 100) =>
      event('TicketPurchased', { teamCode, betCredit, purchasedAt: at }, null),
    approved: () => event('TicketApproved', { approvedAt: at }),
    cancelled: (teamCode = 'KT', betCredit = 100) =>
      event('TicketCancelled', { teamCode, betCredit, cancelledAt: at }),
    broken: () => event('TicketCancelled', { teamCode: 'KT' }),
  };
};

describe('replaying the ticket log', () => {
  it('gives each ticket its buyer, bet, status and last revision', () => {
    const [a, b, c] = [stream(), stream(), stream()];
    const { tickets, unreadable } = replayTicketLog([
      a.purchased('KT', 10),
      b.purchased('LG', 20, 'bob'),
      a.approved(),
      c.purchasedV1('SS', 5),
      b.approved(),
      b.cancelled('LG', 20),
    ]);
    expect(unreadable).toEqual([]);
    expect(tickets.get(a.ticketId)).toMatchObject({
      buyerId: 'alice',
      teamCode: 'KT',
      betCredit: 10,
      status: 'APPROVED',
      version: 1,
    });
    expect(tickets.get(b.ticketId)).toMatchObject({
      buyerId: 'bob',
      status: 'CANCELLED',
      version: 2,
    });
    expect(tickets.get(c.ticketId)).toMatchObject({
      buyerId: 'sportskk:legacy:old-app',
      status: 'PENDING',
      version: 0,
    });
  });

  it('keeps a ticket cancelled when an approval comes after the cancellation', () => {
    const a = stream();
    const { tickets } = replayTicketLog([a.purchased(), a.cancelled(), a.approved()]);
    expect(tickets.get(a.ticketId)).toMatchObject({ status: 'CANCELLED', version: 2 });
  });

  it('reports events it cannot read, a second purchase and events before any purchase', () => {
    const [a, b] = [stream(), stream()];
    const { tickets, unreadable } = replayTicketLog([
      b.approved(),
      a.purchased(),
      a.broken(),
      a.purchased('LG', 999),
    ]);
    expect(unreadable).toHaveLength(3);
    expect(unreadable[0]).toMatch(/TicketApproved before any purchase/);
    expect(unreadable[1]).toMatch(/TicketCancelled/);
    expect(unreadable[2]).toMatch(/a second purchase/);
    expect(tickets.get(a.ticketId)).toMatchObject({
      teamCode: 'KT',
      betCredit: 100,
      status: 'PENDING',
    });
    expect(tickets.has(b.ticketId)).toBe(false);
  });
});

describe('the totals the log implies', () => {
  it('sums the stakes and counts the tickets that are not cancelled, with every configured team', () => {
    const [a, b, c] = [stream(), stream(), stream()];
    const { tickets } = replayTicketLog([
      a.purchased('KT', 10),
      b.purchased('KT', 20),
      c.purchased('LG', 30),
      c.cancelled('LG', 30),
    ]);
    expect(Object.fromEntries(totalsOnLog(tickets.values(), ['KT', 'LG', 'SS']))).toEqual({
      KT: { totalCredit: 30, ticketCount: 2 },
      LG: { totalCredit: 0, ticketCount: 0 },
      SS: { totalCredit: 0, ticketCount: 0 },
    });
  });
});
