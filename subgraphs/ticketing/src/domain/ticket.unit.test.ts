import { describe, expect, it } from 'vitest';
import {
  statusAfter,
  TICKET_EVENT_TYPES,
  type TicketEvent,
  type TicketEventType,
} from '@sportskk/contracts';
import { evolve, NO_TICKET, type Ticket } from './ticket.ts';

const id = '7b0c4f0e-0000-4000-8000-000000000002';
const events: Record<TicketEventType, TicketEvent> = {
  TicketPurchased: {
    type: 'TicketPurchased',
    data: { ticketId: id, teamCode: 'KT', betCredit: 5, purchasedAt: '2026-05-01T09:00:00.000Z' },
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
const published = (status: Ticket['status']) => (status === 'NONE' ? undefined : status);

describe('a ticket evolves as the published life of a ticket says', () => {
  for (const [from, state] of Object.entries(states)) {
    for (const type of TICKET_EVENT_TYPES) {
      it(`${from} + ${type}`, () => {
        expect(published(evolve(state, events[type]).status)).toBe(
          statusAfter(published(state.status), type),
        );
      });
    }
  }

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
