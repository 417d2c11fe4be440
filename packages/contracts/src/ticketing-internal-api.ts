/**
 * Ticketing's internal HTTP endpoint, for the approval process manager:
 *   POST /internal/tickets/:ticketId/approve   body ApproveTicketRequest   -> 200 ApproveTicketResponse
 * Only the projections worker may call (a service token). Ticketing approves a PENDING ticket once totalling says
 * it has counted it; a ticket that is not counted yet is
 * answered PENDING, one that is no longer pending with its status, and nothing is appended for either. Refusals
 * answer with an InternalErrorBody: 400 BAD_REQUEST, 404 TICKET_NOT_FOUND (or NOT_FOUND for an unknown route),
 * 503 TOTALLING_UNAVAILABLE when totalling cannot be asked (try again later); 500 when ticketing itself fails.
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
  | 'TICKET_NOT_FOUND'
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'TOTALLING_UNAVAILABLE'
  | 'INTERNAL_ERROR';

/** The response of approve, or undefined when the body is not one. */
export function parseApproveTicketResponse(body: unknown): ApproveTicketResponse | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { ticketId, status, version } = body as Record<string, unknown>;
  const isStatus = status === 'PENDING' || status === 'APPROVED' || status === 'CANCELLED';
  if (typeof ticketId !== 'string' || !isStatus || !Number.isSafeInteger(version)) return undefined;
  return { ticketId, status, version: version as number };
}
