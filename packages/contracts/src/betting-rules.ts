/** What the configuration allows a bet to be; every service that checks a bet takes these from its config. */
export interface BettingRules {
  readonly teams: readonly string[];
  readonly maxBetCredit: number;
}

export interface Bet {
  readonly teamCode: string;
  /** Whole credits, at least 1. */
  readonly betCredit: number;
}

export type BetRejectionCode = 'UNKNOWN_TEAM' | 'INVALID_BET_CREDIT' | 'BET_CREDIT_TOO_HIGH';

export type BetCheck =
  | { readonly ok: true; readonly bet: Bet }
  | { readonly ok: false; readonly code: BetRejectionCode; readonly message: string };

const TEAM_CODE = /^[A-Z0-9]{2,10}$/;

/** The shape of a team code (2 to 10 capital letters or digits), configured or not. */
export function isTeamCode(value: unknown): value is string {
  return typeof value === 'string' && TEAM_CODE.test(value);
}

/** A value for a message, cut short: it may come from outside. */
const show = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 60);

/** The one team-and-stake rule: a configured team and a whole number of credits from 1 to the maximum. */
export function checkBet(
  rules: BettingRules,
  input: { readonly teamCode: unknown; readonly betCredit: unknown },
): BetCheck {
  const { teamCode, betCredit } = input;
  if (typeof teamCode !== 'string' || !rules.teams.includes(teamCode)) {
    return {
      ok: false,
      code: 'UNKNOWN_TEAM',
      message: `Unknown team ${show(teamCode)}; known teams: ${rules.teams.join(', ')}`,
    };
  }
  if (typeof betCredit !== 'number' || !Number.isSafeInteger(betCredit) || betCredit < 1) {
    return {
      ok: false,
      code: 'INVALID_BET_CREDIT',
      message: `betCredit must be a positive whole number, got ${show(betCredit)}`,
    };
  }
  if (betCredit > rules.maxBetCredit) {
    return {
      ok: false,
      code: 'BET_CREDIT_TOO_HIGH',
      message: `betCredit ${betCredit} is above the limit of ${rules.maxBetCredit}`,
    };
  }
  return { ok: true, bet: { teamCode, betCredit } };
}
