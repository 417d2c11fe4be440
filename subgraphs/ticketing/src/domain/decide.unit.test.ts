import { describe, expect, it } from 'vitest';
import type { BettingRules, TicketEvent } from '@sportskk/contracts';
import { decide, type Decision, type TicketCommand } from './decide.ts';
import { evolve, NO_TICKET } from './ticket.ts';

const fold = (events: readonly TicketEvent[]) => events.reduce(evolve, NO_TICKET);

const rules: BettingRules = { teams: ['KT', 'LG'], maxBetCredit: 1000 };
const now = new Date('2026-05-01T10:00:00.000Z');
const id = '7b0c4f0e-0000-4000-8000-000000000001';
const purchased: TicketEvent = {
  type: 'TicketPurchased',
  data: {
    ticketId: id,
    buyerId: 'alice',
    teamCode: 'KT',
    betCredit: 100,
    purchasedAt: '2026-05-01T09:00:00.000Z',
    idempotencyKey: 'k1',
  },
};
const approved: TicketEvent = {
  type: 'TicketApproved',
  data: { ticketId: id, approvedAt: '2026-05-01T09:00:01.000Z' },
};
const cancelled: TicketEvent = {
  type: 'TicketCancelled',
  data: { ticketId: id, teamCode: 'KT', betCredit: 100, cancelledAt: '2026-05-01T09:30:00.000Z' },
};

/** given events, when command, then the decision */
const given = (...events: TicketEvent[]) => ({
  when: (command: TicketCommand): Decision => decide(command, fold(events), rules),
});
const buy = (teamCode: string, betCredit: number, idempotencyKey?: string): TicketCommand => ({
  type: 'BuyTicket',
  data: {
    ticketId: id,
    buyerId: 'alice',
    teamCode,
    betCredit,
    now,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  },
});
const cancelBy = (subject: string, isAdmin = false): TicketCommand => ({
  type: 'CancelTicket',
  data: { ticketId: id, by: { subject, isAdmin }, now },
});
const cancel = cancelBy('alice');
const approve: TicketCommand = { type: 'ApproveTicket', data: { ticketId: id, now } };
const failure = (code: string) => expect.objectContaining({ ok: false, code });

describe('buying a ticket', () => {
  it('purchases with team, stake and time', () => {
    expect(given().when(buy('LG', 1000))).toEqual({
      ok: true,
      events: [
        {
          type: 'TicketPurchased',
          data: {
            ticketId: id,
            buyerId: 'alice',
            teamCode: 'LG',
            betCredit: 1000,
            purchasedAt: now.toISOString(),
          },
        },
      ],
    });
  });
  it.each([
    ['an unknown team', buy('XX', 10), 'UNKNOWN_TEAM'],
    ['a lower-case team', buy('kt', 10), 'UNKNOWN_TEAM'],
    ['a zero stake', buy('KT', 0), 'INVALID_BET_CREDIT'],
    ['a negative stake', buy('KT', -5), 'INVALID_BET_CREDIT'],
    ['a fractional stake', buy('KT', 1.5), 'INVALID_BET_CREDIT'],
    ['a NaN stake', buy('KT', Number.NaN), 'INVALID_BET_CREDIT'],
    ['a stake above the limit', buy('KT', 1001), 'BET_CREDIT_TOO_HIGH'],
  ])('refuses %s', (_label, command, code) => {
    expect(given().when(command)).toEqual(failure(code));
  });
  it('answers a repeat with the same key and purchase with no new event', () => {
    expect(given(purchased).when(buy('KT', 100, 'k1'))).toEqual({ ok: true, events: [] });
  });
  it.each([
    ['another stake', buy('KT', 200, 'k1')],
    ['another team', buy('LG', 100, 'k1')],
    ['another key for the same ticket id', buy('KT', 100, 'k2')],
    ['no key', buy('KT', 100)],
  ])('refuses the ticket id again with %s, saying why', (_, command) => {
    expect(given(purchased).when(command)).toEqual({
      ok: false,
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'This idempotency key was already used for a different purchase',
    });
  });
});

describe('approving a ticket', () => {
  it('approves a pending ticket', () => {
    expect(given(purchased).when(approve)).toEqual({
      ok: true,
      events: [{ type: 'TicketApproved', data: { ticketId: id, approvedAt: now.toISOString() } }],
    });
  });
  it('does nothing for an approved or cancelled ticket', () => {
    expect(given(purchased, approved).when(approve)).toEqual({ ok: true, events: [] });
    expect(given(purchased, cancelled).when(approve)).toEqual({ ok: true, events: [] });
  });
  it('refuses an unknown ticket', () => {
    expect(given().when(approve)).toEqual(failure('TICKET_NOT_FOUND'));
  });
});

describe('cancelling a ticket', () => {
  it('cancels pending and approved tickets, carrying team and stake for the reversal', () => {
    const expected = {
      ok: true,
      events: [
        {
          type: 'TicketCancelled',
          data: { ticketId: id, teamCode: 'KT', betCredit: 100, cancelledAt: now.toISOString() },
        },
      ],
    };
    expect(given(purchased).when(cancel)).toEqual(expected);
    expect(given(purchased, approved).when(cancel)).toEqual(expected);
  });
  it('refuses twice, and unknown tickets', () => {
    expect(given(purchased, cancelled).when(cancel)).toEqual(failure('TICKET_ALREADY_CANCELLED'));
    expect(given().when(cancel)).toEqual(failure('TICKET_NOT_FOUND'));
    expect(given().when(cancelBy('carol', true))).toEqual(failure('TICKET_NOT_FOUND'));
  });
  it("answers another buyer's ticket as not found, and lets an admin cancel any", () => {
    expect(given(purchased).when(cancelBy('mallory'))).toEqual(failure('TICKET_NOT_FOUND'));
    expect(given(purchased).when(cancelBy('carol', true))).toMatchObject({
      ok: true,
      events: [{ type: 'TicketCancelled' }],
    });
  });
});

describe('the state', () => {
  it('follows purchase, approval and cancellation', () => {
    expect(fold([purchased]).status).toBe('PENDING');
    expect(fold([purchased, approved])).toMatchObject({
      status: 'APPROVED',
      approvedAt: approved.data.approvedAt,
    });
    expect(fold([purchased, approved, cancelled])).toMatchObject({
      status: 'CANCELLED',
      approvedAt: approved.data.approvedAt,
      cancelledAt: cancelled.data.cancelledAt,
    });
  });
  it('ignores events that do not fit', () => {
    expect(fold([approved]).status).toBe('NONE');
    expect(fold([purchased, cancelled, approved]).status).toBe('CANCELLED');
    expect(fold([purchased, purchased]).status).toBe('PENDING');
  });
});
