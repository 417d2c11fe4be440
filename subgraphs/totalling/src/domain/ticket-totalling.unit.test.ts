import { describe, expect, it } from 'vitest';
import type { TotallingOperation } from '@sportskk/contracts';
import { decide, statusOf, type TicketTotallingRecord } from './ticket-totalling.ts';

const ticket = { ticketId: 't-1', teamCode: 'KT', betCredit: 250 };
const earlier = new Date('2026-01-01T10:00:00.000Z');
const now = new Date('2026-01-01T12:00:00.000Z');
const counted: TicketTotallingRecord = { ...ticket, countedAt: earlier, reversedAt: null };
const countedThenReversed: TicketTotallingRecord = {
  ...ticket,
  countedAt: earlier,
  reversedAt: earlier,
};
const tombstone: TicketTotallingRecord = { ...ticket, countedAt: null, reversedAt: earlier };

/** given the stored record / when the operation / then the decision. */
function given(existing: TicketTotallingRecord | undefined) {
  return {
    when: (operation: TotallingOperation, request = ticket) =>
      decide(operation, existing, request, now),
  };
}

describe('count', () => {
  it('counts a ticket never seen: a new record and the stake added to its team', () => {
    expect(given(undefined).when('count')).toEqual({
      effect: 'counted',
      write: 'insert',
      record: { ...ticket, countedAt: now, reversedAt: null },
      totalsChange: { teamCode: 'KT', credit: 250, tickets: 1 },
    });
  });

  it('does nothing for a ticket already counted', () => {
    expect(given(counted).when('count')).toEqual({
      effect: 'already-counted',
      write: 'none',
      record: counted,
      totalsChange: undefined,
    });
  });

  it('ignores a late count after a reversal, with or without an earlier count', () => {
    expect(given(tombstone).when('count')).toEqual({
      effect: 'already-reversed',
      write: 'none',
      record: tombstone,
      totalsChange: undefined,
    });
    expect(given(countedThenReversed).when('count')).toMatchObject({
      effect: 'already-reversed',
      write: 'none',
      totalsChange: undefined,
    });
  });
});

describe('reverse', () => {
  it('takes a counted ticket out of its team totals', () => {
    expect(given(counted).when('reverse')).toEqual({
      effect: 'reversed',
      write: 'mark-reversed',
      record: { ...counted, reversedAt: now },
      totalsChange: { teamCode: 'KT', credit: -250, tickets: -1 },
    });
  });

  it('subtracts what was counted, not what the reversal request says', () => {
    const decision = given(counted).when('reverse', { ...ticket, teamCode: 'AA', betCredit: 1 });
    expect(decision.totalsChange).toEqual({ teamCode: 'KT', credit: -250, tickets: -1 });
  });

  it('leaves a tombstone for a ticket never counted, and changes no totals', () => {
    expect(given(undefined).when('reverse')).toEqual({
      effect: 'reversed-before-count',
      write: 'insert',
      record: { ...ticket, countedAt: null, reversedAt: now },
      totalsChange: undefined,
    });
  });

  it('does nothing for a ticket already reversed', () => {
    expect(given(countedThenReversed).when('reverse')).toMatchObject({
      effect: 'already-reversed',
      write: 'none',
      totalsChange: undefined,
    });
    expect(given(tombstone).when('reverse')).toMatchObject({
      effect: 'already-reversed',
      write: 'none',
      totalsChange: undefined,
    });
  });
});

describe('status', () => {
  it('is counted only while counted and not reversed', () => {
    expect(statusOf(undefined)).toEqual({ counted: false, countedAt: null, reversedAt: null });
    expect(statusOf(counted)).toEqual({ counted: true, countedAt: earlier, reversedAt: null });
    expect(statusOf(countedThenReversed)).toEqual({
      counted: false,
      countedAt: earlier,
      reversedAt: earlier,
    });
    expect(statusOf(tombstone)).toEqual({ counted: false, countedAt: null, reversedAt: earlier });
  });
});
