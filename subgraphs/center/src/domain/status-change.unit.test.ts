import { describe, expect, it } from 'vitest';
import { ticketEventLog } from '../testing/ticket-events.ts';
import { matchesStatusFilter, statusChangeAfter, ticketBefore } from './status-change.ts';

/** The change `event` makes, given its ticket's stream (every event before it; later ones are ignored). */
const statusChangeOf = (
  stream: Parameters<typeof ticketBefore>[0],
  event: Parameters<typeof statusChangeAfter>[1],
) => statusChangeAfter(ticketBefore(stream, event.revision), event).change;

describe('a status change', () => {
  const log = ticketEventLog();
  const id = 'c0ffee00-0000-4000-8000-000000000001';
  const purchase = log.purchase(id, { teamCode: 'LG', betCredit: 250, correlationId: 'buy-1' });
  const approval = log.approve(id, { correlationId: 'approve-1' });
  const cancel = log.cancel(id, { correlationId: 'cancel-1' });
  const stream = [purchase, approval, cancel];

  it('follows the ticket: PENDING from nothing, APPROVED from PENDING, CANCELLED from APPROVED', () => {
    expect(stream.map((event) => statusChangeOf(stream, event))).toEqual([
      {
        ticketId: id,
        teamCode: 'LG',
        betCredit: 250,
        previousStatus: null,
        status: 'PENDING',
        at: purchase.metadata.time,
        correlationId: 'buy-1',
        version: 0,
      },
      expect.objectContaining({
        previousStatus: 'PENDING',
        status: 'APPROVED',
        at: approval.metadata.time,
        correlationId: 'approve-1',
        version: 1,
      }),
      expect.objectContaining({ previousStatus: 'APPROVED', status: 'CANCELLED', version: 2 }),
    ]);
  });

  it('reads only the stream before the event, whatever follows it', () => {
    expect(statusChangeOf([purchase, cancel], cancel)).toMatchObject({
      previousStatus: 'PENDING',
      status: 'CANCELLED',
    });
    expect(statusChangeOf(stream, purchase)).toMatchObject({ previousStatus: null });
  });

  it('is none for an event that changes no status: another type, a malformed one, a cancel of nothing', () => {
    const other = ticketEventLog();
    const t = 'c0ffee00-0000-4000-8000-000000000002';
    const bought = other.purchase(t);
    const unknown = other.other(t, 'TicketAnnotated', { ticketId: t });
    const broken = other.other(t, 'TicketApproved', { ticketId: 42 });
    expect(statusChangeOf([bought, unknown], unknown)).toBeUndefined();
    expect(statusChangeOf([bought, broken], broken)).toBeUndefined();
    const lone = ticketEventLog().cancel('c0ffee00-0000-4000-8000-000000000003');
    expect(statusChangeOf([lone], lone)).toBeUndefined();
  });
});

describe('a status filter', () => {
  const change = {
    ticketId: 't-1',
    teamCode: 'KT',
    betCredit: 1,
    previousStatus: null,
    status: 'PENDING',
    at: '2026-01-01T00:00:00.000Z',
    correlationId: 'c',
    version: 0,
  } as const;

  it('matches on every field given, and everything when empty', () => {
    expect(matchesStatusFilter(change, {})).toBe(true);
    expect(matchesStatusFilter(change, { ticketId: null, teamCode: null, status: null })).toBe(
      true,
    );
    expect(
      matchesStatusFilter(change, { ticketId: 't-1', teamCode: 'KT', status: 'PENDING' }),
    ).toBe(true);
    expect(matchesStatusFilter(change, { ticketId: 't-2' })).toBe(false);
    expect(matchesStatusFilter(change, { teamCode: 'LG' })).toBe(false);
    expect(matchesStatusFilter(change, { status: 'APPROVED' })).toBe(false);
    expect(matchesStatusFilter(change, { teamCode: 'KT', status: 'CANCELLED' })).toBe(false);
  });
});
