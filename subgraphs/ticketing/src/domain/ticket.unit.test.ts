import { describe, expect, it } from 'vitest';
import type { TicketEvent, TicketEventType } from '@sportskk/contracts';
import { evolve, NO_TICKET, type Ticket } from './ticket.ts';

const id = '7b0c4f0e-0000-4000-8000-000000000002';
const events: Record<TicketEventType, TicketEvent> = {
  TicketPurchased: {
    type: 'TicketPurchased',
    data: {
      ticketId: id,
      buyerId: 'alice',
      teamCode: 'KT',
      betCredit: 5,
      purchasedAt: '2026-05-01T09:00:00.000Z',
    },
  },
  TicketApproved: {
    type: 'TicketApproved',
    data: { ticketId: id, approvedAt: '2026-05-01T09:00:01.000Z' },
  },
  TicketCancelled: {
    type: 'TicketCancelled',
    data: { ticketId: id, teamCode: 'KT', betCredit: 5, cancelledAt: '2026-05-01T09:30:00.000Z' },
  },
};
const states: Record<Ticket['status'], Ticket> = {
  NONE: NO_TICKET,
  PENDING: evolve(NO_TICKET, events.TicketPurchased),
  APPROVED: evolve(evolve(NO_TICKET, events.TicketPurchased), events.TicketApproved),
  CANCELLED: evolve(evolve(NO_TICKET, events.TicketPurchased), events.TicketCancelled),
};

describe('the life of a ticket', () => {
  it.each([
    ['NONE', 'TicketPurchased', 'PENDING'],
    ['NONE', 'TicketApproved', 'NONE'],
    ['NONE', 'TicketCancelled', 'NONE'],
    ['PENDING', 'TicketPurchased', 'PENDING'],
    ['PENDING', 'TicketApproved', 'APPROVED'],
    ['PENDING', 'TicketCancelled', 'CANCELLED'],
    ['APPROVED', 'TicketPurchased', 'APPROVED'],
    ['APPROVED', 'TicketApproved', 'APPROVED'],
    ['APPROVED', 'TicketCancelled', 'CANCELLED'],
    ['CANCELLED', 'TicketPurchased', 'CANCELLED'],
    ['CANCELLED', 'TicketApproved', 'CANCELLED'],
    ['CANCELLED', 'TicketCancelled', 'CANCELLED'],
  ] as const)('%s + %s = %s', (from, type, to) => {
    expect(evolve(states[from], events[type]).status).toBe(to);
  });

  it('keeps the approval time when an approved ticket is cancelled, and none when a pending one is', () => {
    expect(evolve(states.APPROVED, events.TicketCancelled)).toMatchObject({
      status: 'CANCELLED',
      approvedAt: '2026-05-01T09:00:01.000Z',
    });
    expect(evolve(states.PENDING, events.TicketCancelled)).toMatchObject({
      status: 'CANCELLED',
      approvedAt: undefined,
    });
  });
});
