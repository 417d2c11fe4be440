import { describe, expect, it } from 'vitest';
import { validateTicketToTotal, type TicketToTotalInput } from './validation.ts';

const rules = { teams: ['KT', 'AA'], maxBetCredit: 1000 };
const ticketId = '3f0c4f0e-0000-4000-8000-000000000001';
const valid: TicketToTotalInput = { ticketId, teamCode: 'KT', betCredit: 100 };
const codeOf = (input: Partial<TicketToTotalInput>) => {
  const result = validateTicketToTotal({ ...valid, ...input }, rules);
  return result.ok ? 'OK' : result.code;
};

describe('validateTicketToTotal', () => {
  it('accepts a ticket id, a configured team and a stake from 1 to the maximum', () => {
    expect(validateTicketToTotal(valid, rules)).toEqual({
      ok: true,
      value: { ticketId, teamCode: 'KT', betCredit: 100 },
    });
    expect(codeOf({ betCredit: 1 })).toBe('OK');
    expect(codeOf({ betCredit: 1000 })).toBe('OK');
  });

  it.each([
    ['empty ticket id', { ticketId: '' }],
    ['ticket id that is not a UUID', { ticketId: 't-1' }],
    ['ticket id with a control character', { ticketId: `${ticketId}\n` }],
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
    ['unsafe integer', 2 ** 53],
    ['a numeric string', '100'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('INVALID_BET_CREDIT: %s', (_, betCredit) => {
    expect(codeOf({ betCredit })).toBe('INVALID_BET_CREDIT');
  });

  it('BET_CREDIT_TOO_HIGH above the maximum', () => {
    expect(codeOf({ betCredit: 1001 })).toBe('BET_CREDIT_TOO_HIGH');
  });

  it('keeps messages short whatever the input', () => {
    const result = validateTicketToTotal({ ...valid, teamCode: 'Z'.repeat(10_000) }, rules);
    expect(result.ok ? '' : result.message.length).toBeLessThan(200);
  });
});
