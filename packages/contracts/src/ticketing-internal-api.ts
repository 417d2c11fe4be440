/**
 * Ticketing's internal HTTP endpoint, for the approval process manager:
 *   POST /internal/tickets/:ticketId/approve   body ApproveTicketRequest   -> 200 ApproveTicketResponse
 * Approving a ticket that is not pending changes nothing and answers its status. Refusals answer 4xx with an
 * InternalErrorBody (TICKET_NOT_FOUND, BAD_REQUEST, NOT_FOUND for an unknown route); a failure of ticketing
 * itself answers 500.
 */
import type { TicketStatus } from './ticket-status.ts';

export const TICKETING_INTERNAL_ROUTES = {
  approve: '/internal/tickets/:ticketId/approve',
} as const;

export function ticketingApprovePath(ticketId: string): string {
  return `/internal/tickets/${encodeURIComponent(ticketId)}/approve`;
}

export interface ApproveTicketRequest {
  /** The event that led to the approval: the ticket's purchase. */
  readonly causationId: string;
}

export interface ApproveTicketResponse {
  readonly ticketId: string;
  readonly status: TicketStatus;
  readonly version: number;
}

export type TicketingInternalErrorCode =
  'TICKET_NOT_FOUND' | 'BAD_REQUEST' | 'NOT_FOUND' | 'INTERNAL_ERROR';
