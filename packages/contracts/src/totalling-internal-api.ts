/**
 * Totalling's internal HTTP endpoint, for ticketing's guarded sync call and its check before an approval.
 *   POST /internal/tickets/:ticketId/count | /reverse   body TotallingRequest   -> 200 TicketTotallingBody
 *   GET  /internal/tickets/:ticketId                                            -> 200 TicketTotallingBody
 * Only ticketing may call (a service token, `Authorization: Bearer`). A count must match a purchase in the event
 * log (same team and stake), a reversal also a cancellation. Refusals answer 4xx with an InternalErrorBody; a
 * failure of totalling itself answers 500.
 */
import type { BetRejectionCode } from './betting-rules.ts';

export type TotallingOperation = 'count' | 'reverse';

export const TOTALLING_INTERNAL_ROUTES = {
  record: '/internal/tickets/:ticketId',
  count: '/internal/tickets/:ticketId/count',
  reverse: '/internal/tickets/:ticketId/reverse',
} as const;

export function totallingRecordPath(ticketId: string): string {
  return `/internal/tickets/${encodeURIComponent(ticketId)}`;
}

export function totallingOperationPath(operation: TotallingOperation, ticketId: string): string {
  return `${totallingRecordPath(ticketId)}/${operation}`;
}

/** One ticket as totalling counts it. */
export interface TicketToTotal {
  readonly ticketId: string;
  readonly teamCode: string;
  readonly betCredit: number;
}

/** The body of count and reverse (the ticket id is in the path). */
export type TotallingRequest = Omit<TicketToTotal, 'ticketId'>;

/** Totalling's record of a ticket: counted while in its team's totals; ISO-8601 times or null. */
export interface TicketTotallingBody {
  readonly ticketId: string;
  readonly counted: boolean;
  readonly countedAt: string | null;
  readonly reversedAt: string | null;
}

export type TotallingInternalErrorCode =
  | BetRejectionCode
  | 'BAD_REQUEST'
  /** The event log holds no purchase of the ticket, or it was bought otherwise, or (reverse) it was not cancelled. */
  | 'PURCHASE_NOT_FOUND'
  | 'PURCHASE_MISMATCH'
  | 'CANCELLATION_NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'INTERNAL_ERROR';

/** Every refusal of an internal endpoint: a stable code and a message for people. */
export interface InternalErrorBody<Code extends string = string> {
  readonly code: Code;
  readonly message: string;
}

/** The record from a response body, or undefined when the body is not one. */
export function parseTicketTotallingBody(body: unknown): TicketTotallingBody | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { ticketId, counted, countedAt, reversedAt } = body as Record<string, unknown>;
  const time = (value: unknown) => value === null || typeof value === 'string';
  if (
    typeof ticketId !== 'string' ||
    typeof counted !== 'boolean' ||
    !time(countedAt) ||
    !time(reversedAt)
  )
    return undefined;
  return {
    ticketId,
    counted,
    countedAt: countedAt as string | null,
    reversedAt: reversedAt as string | null,
  };
}
