import { describe, expect, it } from 'vitest';
import { validateTicketToTotal, type TicketToTotalInput } from './validation.ts';

const rules = { teams: ['KT', 'AA'], maxBetCredit: 1000 };
const valid: TicketToTotalInput = { ticketId: 't-1', teamCode: 'KT', betCredit: 100 };
const codeOf = (input: Partial<TicketToTotalInput>, withRules = true) => {
  const result = validateTicketToTotal({ ...valid, ...input }, withRules ? rules : undefined);
  return result.ok ? 'OK' : result.code;
};

describe('validateTicketToTotal', () => {
  it('accepts a configured team and a stake from 1 to the maximum', () => {
    expect(validateTicketToTotal(valid, rules)).toEqual({ ok: true, value: { ticketId: 't-1', teamCode: 'KT', betCredit: 100 } });
    expect(codeOf({ betCredit: 1 })).toBe('OK');
    expect(codeOf({ betCredit: 1000 })).toBe('OK');
    expect(codeOf({ ticketId: 'x'.repeat(100) })).toBe('OK');
  });

  it.each([
    ['empty ticket id', { ticketId: '' }],
    ['ticket id over 100 characters', { ticketId: 'x'.repeat(101) }],
    ['ticket id with a control character', { ticketId: 'a\nb' }],
    ['ticket id not a string', { ticketId: 42 }],
    ['missing team', { teamCode: undefined }],
    ['null team', { teamCode: null }],
    ['missing stake', { betCredit: undefined }],
  ])('BAD_REQUEST: %s', (_, input) => {
    expect(codeOf(input)).toBe('BAD_REQUEST');
  });

  it.each([
    ['not configured', { teamCode: 'ZZ' }],
    ['lower case', { teamCode: 'kt' }],
    ['empty', { teamCode: '' }],
    ['not a string', { teamCode: 7 }],
  ])('UNKNOWN_TEAM: %s', (_, input) => {
    expect(codeOf(input)).toBe('UNKNOWN_TEAM');
  });

  it.each([
    ['zero', 0],
    ['negative', -5],
    ['fraction', 1.5],
    ['over the maximum', 1001],
    ['unsafe integer', 2 ** 53],
    ['a numeric string', '100'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('INVALID_BET_CREDIT: %s', (_, betCredit) => {
    expect(codeOf({ betCredit })).toBe('INVALID_BET_CREDIT');
  });

  it('without rules checks only the shape: any team, any positive safe stake', () => {
    expect(codeOf({ teamCode: 'RETIRED', betCredit: 5_000_000 }, false)).toBe('OK');
    expect(codeOf({ teamCode: '' }, false)).toBe('UNKNOWN_TEAM');
    expect(codeOf({ betCredit: 0 }, false)).toBe('INVALID_BET_CREDIT');
  });

  it('keeps messages short whatever the input', () => {
    const result = validateTicketToTotal({ ...valid, teamCode: 'Z'.repeat(10_000) }, rules);
    expect(result.ok ? '' : result.message.length).toBeLessThan(200);
  });
});
