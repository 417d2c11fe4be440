import {
  checkBet,
  isTicketId,
  type BetRejectionCode,
  type BettingRules,
  type TicketToTotal,
} from '@sportskk/contracts';

/** One failure style: string-literal codes, turned into HTTP or GraphQL errors only at the edge. */
type TotallingFailureCode =
  | BetRejectionCode
  | 'BAD_REQUEST'
  | 'PURCHASE_NOT_FOUND'
  | 'PURCHASE_MISMATCH'
  | 'CANCELLATION_NOT_FOUND';

export interface TotallingFailure {
  readonly ok: false;
  readonly code: TotallingFailureCode;
  readonly message: string;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | TotallingFailure;

/** A ticket as it arrives from outside (an HTTP body): nothing is trusted yet. */
export interface TicketToTotalInput {
  readonly ticketId: unknown;
  readonly teamCode: unknown;
  readonly betCredit: unknown;
}

const fail = (code: TotallingFailureCode, message: string): TotallingFailure => ({
  ok: false,
  code,
  message,
});
const isMissing = (value: unknown) => value === undefined || value === null;

/** A bad ticket id or a missing field is BAD_REQUEST; otherwise the bet must pass the betting rules. */
export function validateTicketToTotal(
  input: TicketToTotalInput,
  rules: BettingRules,
): Validated<TicketToTotal> {
  const { ticketId, teamCode, betCredit } = input;
  if (!isTicketId(ticketId)) return fail('BAD_REQUEST', 'ticketId must be a UUID');
  if (isMissing(teamCode)) return fail('BAD_REQUEST', 'teamCode is required');
  if (isMissing(betCredit)) return fail('BAD_REQUEST', 'betCredit is required');
  const checked = checkBet(rules, { teamCode, betCredit });
  if (!checked.ok) return fail(checked.code, checked.message);
  return { ok: true, value: { ticketId, ...checked.bet } };
}
