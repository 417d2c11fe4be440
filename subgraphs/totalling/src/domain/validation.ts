import type { TicketToTotal } from './ticket-totalling.ts';

/** One failure style: string-literal codes, turned into HTTP or GraphQL errors only at the edge. */
export type TotallingFailureCode = 'UNKNOWN_TEAM' | 'INVALID_BET_CREDIT' | 'BAD_REQUEST';

export interface TotallingFailure {
  readonly ok: false;
  readonly code: TotallingFailureCode;
  readonly message: string;
}

export type Validated<T> = { readonly ok: true; readonly value: T } | TotallingFailure;

/** The configured teams and the highest stake, from config. */
export interface TotallingRules {
  readonly teams: readonly string[];
  readonly maxBetCredit: number;
}

/** A ticket as it arrives from outside (HTTP body, event data): nothing is trusted yet. */
export interface TicketToTotalInput {
  readonly ticketId: unknown;
  readonly teamCode: unknown;
  readonly betCredit: unknown;
}

export const MAX_TICKET_ID_LENGTH = 100;

const fail = (code: TotallingFailureCode, message: string): TotallingFailure => ({ ok: false, code, message });
const isMissing = (value: unknown) => value === undefined || value === null;
/** A value for a message, cut short: bodies come from outside. */
const show = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 60);

export function isKnownTeam(teamCode: string, rules: Pick<TotallingRules, 'teams'>): boolean {
  return rules.teams.includes(teamCode);
}

/**
 * A missing field or a bad ticket id is BAD_REQUEST; a team that is present but not configured is
 * UNKNOWN_TEAM; a stake that is present but not a whole number from 1 to the maximum is INVALID_BET_CREDIT.
 * Without `rules` (recorded events are facts: a team since removed from config still counts) only the
 * shape is checked: a non-empty team code and a positive safe integer stake.
 */
export function validateTicketToTotal(input: TicketToTotalInput, rules?: TotallingRules): Validated<TicketToTotal> {
  const { ticketId, teamCode, betCredit } = input;
  if (typeof ticketId !== 'string' || ticketId.length === 0 || ticketId.length > MAX_TICKET_ID_LENGTH || /\p{Cc}/u.test(ticketId)) {
    return fail('BAD_REQUEST', `ticketId must be 1 to ${MAX_TICKET_ID_LENGTH} printable characters`);
  }
  if (isMissing(teamCode)) return fail('BAD_REQUEST', 'teamCode is required');
  if (isMissing(betCredit)) return fail('BAD_REQUEST', 'betCredit is required');
  if (typeof teamCode !== 'string' || teamCode.length === 0 || (rules !== undefined && !isKnownTeam(teamCode, rules))) {
    const known = rules ? `; configured teams: ${rules.teams.join(', ')}` : '';
    return fail('UNKNOWN_TEAM', `Unknown team ${show(teamCode)}${known}`);
  }
  const maxBetCredit = rules?.maxBetCredit ?? Number.MAX_SAFE_INTEGER;
  if (typeof betCredit !== 'number' || !Number.isSafeInteger(betCredit) || betCredit < 1 || betCredit > maxBetCredit) {
    return fail('INVALID_BET_CREDIT', `betCredit must be a whole number from 1 to ${maxBetCredit}, got ${show(betCredit)}`);
  }
  return { ok: true, value: { ticketId, teamCode, betCredit } };
}
