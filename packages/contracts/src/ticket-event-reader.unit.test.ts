import { describe, expect, it } from 'vitest';
import {
  readTicketEvent,
  type StoredTicketEvent,
  type TicketUpcasters,
} from './ticket-event-reader.ts';
import { ticketStream } from './ticket-events.ts';

const ticketId = '5d9c0a4e-0000-4000-8000-0000000000aa';
const at = '2026-05-01T09:00:00.000Z';
const stored = (
  type: string,
  data: Record<string, unknown>,
  metadata: Record<string, unknown> = { schemaVersion: 2 },
): StoredTicketEvent => ({
  type,
  streamName: ticketStream(ticketId),
  data: { ticketId, ...data },
  metadata,
});
const purchase = { buyerId: 'alice', teamCode: 'KT', betCredit: 100, purchasedAt: at };
const problemOf = (event: StoredTicketEvent, upcasters?: TicketUpcasters, version?: number) => {
  const reading = readTicketEvent(event, upcasters, version);
  return reading.ok ? 'OK' : reading.problem;
};

describe('reading a stored ticket event', () => {
  it('gives back each event type with exactly its published fields', () => {
    expect(
      readTicketEvent(stored('TicketPurchased', { ...purchase, idempotencyKey: 'k', extra: true })),
    ).toEqual({
      ok: true,
      event: { type: 'TicketPurchased', data: { ticketId, ...purchase, idempotencyKey: 'k' } },
    });
    expect(readTicketEvent(stored('TicketApproved', { approvedAt: at }))).toEqual({
      ok: true,
      event: { type: 'TicketApproved', data: { ticketId, approvedAt: at } },
    });
    expect(
      readTicketEvent(stored('TicketCancelled', { teamCode: 'LG', betCredit: 5, cancelledAt: at })),
    ).toEqual({
      ok: true,
      event: {
        type: 'TicketCancelled',
        data: { ticketId, teamCode: 'LG', betCredit: 5, cancelledAt: at },
      },
    });
  });

  it('reads a version 1 purchase (no schema version) as owned by a legacy buyer no one can sign in as', () => {
    const { buyerId: _buyer, ...v1 } = purchase;
    expect(readTicketEvent(stored('TicketPurchased', v1, { actor: 'bob' }))).toMatchObject({
      ok: true,
      event: { data: { buyerId: 'sportskk:legacy:bob' } },
    });
    expect(readTicketEvent(stored('TicketPurchased', v1, { schemaVersion: 1 }))).toMatchObject({
      ok: true,
      event: { data: { buyerId: 'sportskk:legacy:unknown' } },
    });
    expect(problemOf(stored('TicketApproved', { approvedAt: at }, {}))).toBe('OK');
  });

  it('accepts a team no longer configured: events are facts', () => {
    expect(problemOf(stored('TicketPurchased', { ...purchase, teamCode: 'RETIRED' }))).toBe('OK');
  });

  it.each([
    ['another type', stored('TicketRefunded', {}), /not a ticket event type/],
    [
      'a newer schema version than this reader knows',
      stored('TicketApproved', { approvedAt: at }, { schemaVersion: 3 }),
      /schema version 3/,
    ],
    [
      'schema version 0',
      stored('TicketApproved', { approvedAt: at }, { schemaVersion: 0 }),
      /schema version 0/,
    ],
    [
      'a schema version that is not a number',
      stored('TicketApproved', { approvedAt: at }, { schemaVersion: '1' }),
      /schema version "1"/,
    ],
    [
      'a ticket id that is not a UUID',
      {
        ...stored('TicketApproved', { approvedAt: at }),
        data: { ticketId: 't-1', approvedAt: at },
      },
      /ticketId must be a UUID/,
    ],
    [
      'a version 2 purchase without a buyer',
      stored('TicketPurchased', { ...purchase, buyerId: undefined }),
      /buyerId/,
    ],
    [
      'a team that is no team code',
      stored('TicketPurchased', { ...purchase, teamCode: 'kt' }),
      /teamCode/,
    ],
    ['a stake of 0', stored('TicketPurchased', { ...purchase, betCredit: 0 }), /betCredit/],
    [
      'a stake as text',
      stored('TicketCancelled', { teamCode: 'KT', betCredit: '5', cancelledAt: at }),
      /betCredit/,
    ],
    [
      'a date without a time',
      stored('TicketPurchased', { ...purchase, purchasedAt: '2026-05-01' }),
      /purchasedAt/,
    ],
    [
      'an impossible date',
      stored('TicketApproved', { approvedAt: '2026-13-45T00:00:00Z' }),
      /approvedAt/,
    ],
    [
      'an idempotency key that is not text',
      stored('TicketPurchased', { ...purchase, idempotencyKey: 5 }),
      /idempotencyKey/,
    ],
    [
      "an event in another ticket's stream",
      { ...stored('TicketApproved', { approvedAt: at }), streamName: 'ticket-other' },
      /in stream/,
    ],
  ])('refuses %s', (_label, event, problem) => {
    expect(problemOf(event)).toMatch(problem);
  });
});

describe('upcasting old events', () => {
  // A planned future: version 2 renamed betCredit to stake, version 3 renamed it back with a currency.
  const upcasters: TicketUpcasters = {
    1: {
      TicketPurchased: ({ betCredit, ...rest }, metadata) => ({
        ...rest,
        stake: betCredit,
        buyerId: metadata.actor,
      }),
    },
    2: {
      TicketPurchased: ({ stake, ...rest }) => ({ ...rest, betCredit: stake, currency: 'credits' }),
    },
  };
  const { buyerId: _buyer, ...v1 } = purchase;

  it('takes a version 1 event through every step to the current version', () => {
    expect(
      readTicketEvent(stored('TicketPurchased', v1, { actor: 'alice' }), upcasters, 3),
    ).toEqual({
      ok: true,
      event: { type: 'TicketPurchased', data: { ticketId, ...purchase } },
    });
  });

  it('starts from the version the event carries', () => {
    const v2 = stored(
      'TicketPurchased',
      { buyerId: 'carol', teamCode: 'KT', stake: 7, purchasedAt: at },
      { schemaVersion: 2 },
    );
    expect(readTicketEvent(v2, upcasters, 3)).toMatchObject({
      ok: true,
      event: { data: { betCredit: 7, buyerId: 'carol' } },
    });
    expect(problemOf(v2, upcasters, 2)).toMatch(/betCredit/); // read as version 2, it lacks today's field
  });

  it('leaves a type without an upcaster for a step unchanged by that step', () => {
    expect(problemOf(stored('TicketApproved', { approvedAt: at }, {}), upcasters, 3)).toBe('OK');
  });
});
