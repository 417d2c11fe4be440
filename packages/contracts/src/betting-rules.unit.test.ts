import { describe, expect, it } from 'vitest';
import { checkBet, isTeamCode } from './betting-rules.ts';

const rules = { teams: ['KT', 'LG'], maxBetCredit: 1000 };
const codeOf = (teamCode: unknown, betCredit: unknown) => {
  const checked = checkBet(rules, { teamCode, betCredit });
  return checked.ok ? 'OK' : checked.code;
};

describe('the betting rules', () => {
  it('accept a configured team and a whole stake from 1 to the maximum', () => {
    expect(checkBet(rules, { teamCode: 'LG', betCredit: 1000 })).toEqual({
      ok: true,
      bet: { teamCode: 'LG', betCredit: 1000 },
    });
    expect(codeOf('KT', 1)).toBe('OK');
  });

  it.each([
    ['a team not configured', 'SS', 10, 'UNKNOWN_TEAM'],
    ['a lower-case team', 'kt', 10, 'UNKNOWN_TEAM'],
    ['no team', undefined, 10, 'UNKNOWN_TEAM'],
    ['a team that is not text', 7, 10, 'UNKNOWN_TEAM'],
    ['a zero stake', 'KT', 0, 'INVALID_BET_CREDIT'],
    ['a negative stake', 'KT', -5, 'INVALID_BET_CREDIT'],
    ['a fractional stake', 'KT', 1.5, 'INVALID_BET_CREDIT'],
    ['a stake as text', 'KT', '10', 'INVALID_BET_CREDIT'],
    ['a stake beyond safe integers', 'KT', 2 ** 53, 'INVALID_BET_CREDIT'],
    ['NaN', 'KT', Number.NaN, 'INVALID_BET_CREDIT'],
    ['a stake above the maximum', 'KT', 1001, 'BET_CREDIT_TOO_HIGH'],
  ])('refuse %s', (_label, teamCode, betCredit, code) => {
    expect(codeOf(teamCode, betCredit)).toBe(code);
  });

  it('keep messages short whatever the input', () => {
    const checked = checkBet(rules, { teamCode: 'Z'.repeat(10_000), betCredit: 1 });
    expect(checked.ok ? '' : checked.message.length).toBeLessThan(200);
  });

  it('know the shape of a team code', () => {
    expect(['KT', 'AB12', 'ABCDEFGHIJ'].every(isTeamCode)).toBe(true);
    expect(['K', 'kt', 'ABCDEFGHIJK', 'K T', '', 5].some(isTeamCode)).toBe(false);
  });
});
