import { describe, expect, it } from 'vitest';
import { statusAfter } from './ticket-status.ts';

describe('the life of a ticket', () => {
  it.each([
    [undefined, 'TicketPurchased', 'PENDING'],
    [undefined, 'TicketApproved', undefined],
    [undefined, 'TicketCancelled', undefined],
    ['PENDING', 'TicketPurchased', 'PENDING'],
    ['PENDING', 'TicketApproved', 'APPROVED'],
    ['PENDING', 'TicketCancelled', 'CANCELLED'],
    ['APPROVED', 'TicketApproved', 'APPROVED'],
    ['APPROVED', 'TicketCancelled', 'CANCELLED'],
    ['CANCELLED', 'TicketApproved', 'CANCELLED'],
    ['CANCELLED', 'TicketPurchased', 'CANCELLED'],
    ['CANCELLED', 'TicketCancelled', 'CANCELLED'],
  ] as const)('%s + %s = %s', (status, eventType, next) => {
    expect(statusAfter(status, eventType)).toBe(next);
  });
});
