import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '@sportskk/event-store';
import { describe, expect, it } from 'vitest';
import { ticketEventLog } from '../testing/ticket-events.ts';
import { evolve, ticketIdOf, type TicketViewDocument } from './ticket-view.ts';

const fold = (events: readonly RecordedEvent[], from: TicketViewDocument | null = null) =>
  events.reduce(evolve, from);

describe('the ticket view document', () => {
  it('starts PENDING at the purchase, with team, stake, times and a first history entry', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    const purchased = log.purchase(id, {
      teamCode: 'LG',
      betCredit: 250,
      purchasedAt: '2026-03-01T10:00:00Z',
      time: '2026-03-01T10:00:00.5+01:00',
      correlationId: 'corr-1',
    });
    expect(evolve(null, purchased)).toEqual({
      id,
      buyerId: 'buyer-1',
      teamCode: 'LG',
      betCredit: 250,
      status: 'PENDING',
      version: 0,
      purchasedAt: '2026-03-01T10:00:00.000Z',
      approvedAt: null,
      cancelledAt: null,
      updatedAt: '2026-03-01T09:00:00.500Z',
      history: [
        {
          type: 'TicketPurchased',
          version: 0,
          at: '2026-03-01T09:00:00.500Z',
          correlationId: 'corr-1',
        },
      ],
    });
  });

  it("gives a version 1 purchase a legacy buyer, and keeps a version 2 purchase's own", () => {
    const log = ticketEventLog();
    expect(evolve(null, log.purchase(randomUUID(), { schemaVersion: null }))?.buyerId).toBe(
      'sportskk:legacy:test',
    );
    expect(evolve(null, log.purchase(randomUUID(), { buyerId: 'alice' }))?.buyerId).toBe('alice');
  });

  it('becomes APPROVED, then CANCELLED keeping approvedAt, with every event in the history in order', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    const events = [
      log.purchase(id),
      log.approve(id, { approvedAt: '2026-03-02T00:00:00.000Z' }),
      log.cancel(id, { cancelledAt: '2026-03-03T00:00:00.000Z' }),
    ];
    const doc = fold(events)!;
    expect(doc).toMatchObject({
      status: 'CANCELLED',
      version: 2,
      approvedAt: '2026-03-02T00:00:00.000Z',
      cancelledAt: '2026-03-03T00:00:00.000Z',
    });
    expect(doc.history.map((entry) => [entry.type, entry.version, entry.correlationId])).toEqual(
      events.map((e) => [e.type, Number(e.revision), e.metadata.correlationId]),
    );
    expect(doc.updatedAt).toBe(events[2]!.metadata.time);
  });

  it('cancels a PENDING ticket without an approval time', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    expect(fold([log.purchase(id), log.cancel(id)])).toMatchObject({
      status: 'CANCELLED',
      approvedAt: null,
      version: 1,
    });
  });

  it('uses recordedAt for history times when metadata has no time', () => {
    const log = ticketEventLog();
    const purchased = log.purchase(randomUUID(), { time: null });
    expect(evolve(null, purchased)!.history[0]!.at).toBe(purchased.recordedAt.toISOString());
  });

  it('uses recordedAt when metadata.time is not a date-time', () => {
    const log = ticketEventLog();
    const purchased = log.purchase(randomUUID(), { time: 'yesterday' });
    expect(evolve(null, purchased)!.updatedAt).toBe(purchased.recordedAt.toISOString());
  });

  it('returns the same document for a replay, a duplicate and an older event', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    const events = [log.purchase(id), log.approve(id), log.cancel(id)];
    const doc = fold(events);
    for (const event of events) expect(evolve(doc, event)).toBe(doc);
    expect(fold(events, doc)).toBe(doc);
  });

  it('records an event the status does not allow in the history, without moving the status', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    const doc = fold([log.purchase(id), log.cancel(id), log.approve(id), log.cancel(id)])!;
    expect(doc).toMatchObject({ status: 'CANCELLED', version: 3, approvedAt: null });
    expect(doc.history.map((entry) => entry.type)).toEqual([
      'TicketPurchased',
      'TicketCancelled',
      'TicketApproved',
      'TicketCancelled',
    ]);
  });

  it('applies a later revision after a gap (the filter may hide events in between)', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    const purchased = log.purchase(id);
    log.other(id, 'TicketNoted', { ticketId: id });
    expect(fold([purchased, log.approve(id)])).toMatchObject({ status: 'APPROVED', version: 2 });
  });

  it('cannot start a document from an approval or a cancellation', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    log.purchase(id);
    expect(evolve(null, log.approve(id))).toBeNull();
    expect(evolve(null, log.cancel(id))).toBeNull();
  });

  describe('ignores what is not a well-formed event of this ticket', () => {
    const id = randomUUID();
    const cases: Array<[string, (log: ReturnType<typeof ticketEventLog>) => RecordedEvent]> = [
      ['an unknown type', (log) => log.other(id, 'TicketRefunded', { ticketId: id })],
      [
        'a purchase without a team',
        (log) =>
          log.other(id, 'TicketPurchased', {
            ticketId: id,
            betCredit: 1,
            purchasedAt: '2026-01-01T00:00:00Z',
          }),
      ],
      [
        'a purchase with a fractional stake',
        (log) =>
          log.other(id, 'TicketPurchased', {
            ticketId: id,
            teamCode: 'KT',
            betCredit: 1.5,
            purchasedAt: '2026-01-01T00:00:00Z',
          }),
      ],
      [
        'a purchase with a stake of 0',
        (log) =>
          log.other(id, 'TicketPurchased', {
            ticketId: id,
            teamCode: 'KT',
            betCredit: 0,
            purchasedAt: '2026-01-01T00:00:00Z',
          }),
      ],
      [
        'a purchase with a stake as text',
        (log) =>
          log.other(id, 'TicketPurchased', {
            ticketId: id,
            teamCode: 'KT',
            betCredit: '5',
            purchasedAt: '2026-01-01T00:00:00Z',
          }),
      ],
      [
        'a purchase with an invalid time',
        (log) =>
          log.other(id, 'TicketPurchased', {
            ticketId: id,
            teamCode: 'KT',
            betCredit: 1,
            purchasedAt: '2026-13-45T00:00:00Z',
          }),
      ],
      [
        'a purchase with a date only',
        (log) =>
          log.other(id, 'TicketPurchased', {
            ticketId: id,
            teamCode: 'KT',
            betCredit: 1,
            purchasedAt: '2026-01-01',
          }),
      ],
      ['an approval without a time', (log) => log.other(id, 'TicketApproved', { ticketId: id })],
      [
        'a cancellation without a stake',
        (log) =>
          log.other(id, 'TicketCancelled', {
            ticketId: id,
            teamCode: 'KT',
            cancelledAt: '2026-01-01T00:00:00Z',
          }),
      ],
      [
        'an event without a ticket id',
        (log) => log.other(id, 'TicketApproved', { approvedAt: '2026-01-01T00:00:00Z' }),
      ],
      [
        'an event naming another ticket',
        (log) =>
          log.other(id, 'TicketApproved', {
            ticketId: randomUUID(),
            approvedAt: '2026-01-01T00:00:00Z',
          }),
      ],
      [
        "an event on a stream that is not the ticket's",
        (log) => ({ ...log.approve(id), streamName: `order-${id}` }),
      ],
      ['a revision beyond exact numbers', (log) => ({ ...log.approve(id), revision: 2n ** 60n })],
      [
        'an event of a schema version this reader does not know',
        (log) => log.approve(id, { schemaVersion: 3 }),
      ],
    ];
    it.each(cases)('%s', (_label, build) => {
      const log = ticketEventLog();
      const doc = evolve(null, log.purchase(id));
      expect(evolve(doc, build(log))).toBe(doc);
    });

    it('and never starts a document from one', () => {
      const log = ticketEventLog();
      expect(evolve(null, log.other(id, 'TicketPurchased', { ticketId: id }))).toBeNull();
      expect(ticketIdOf(log.other(id, 'TicketPurchased', { ticketId: id }))).toBeUndefined();
      expect(ticketIdOf(log.purchase(id))).toBe(id);
    });
  });
});

describe('the ticket view document, at its edges', () => {
  it("leaves a document alone for another ticket's event, even a later one", () => {
    const log = ticketEventLog();
    const [a, b] = [randomUUID(), randomUUID()];
    const docA = fold([log.purchase(a)]);
    const laterOfB = { ...log.approve(b), revision: 5n };
    expect(evolve(docA, laterOfB)).toBe(docA);
  });

  it('records a second purchase event in the history without moving the status', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    const doc = fold([log.purchase(id), log.purchase(id, { betCredit: 999 })]);
    expect(doc).toMatchObject({ status: 'PENDING', betCredit: 100, approvedAt: null, version: 1 });
    expect(doc!.history.map((entry) => entry.type)).toEqual(['TicketPurchased', 'TicketPurchased']);
  });

  it('keeps the first cancellation time when a ticket is cancelled twice', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    const first = '2026-03-01T12:10:00.000Z';
    const doc = fold([
      log.purchase(id),
      log.cancel(id, { cancelledAt: first }),
      log.cancel(id, { cancelledAt: '2026-03-01T12:20:00.000Z' }),
    ]);
    expect(doc).toMatchObject({ status: 'CANCELLED', cancelledAt: first, version: 2 });
  });

  it('stores approval and cancellation times in UTC with milliseconds, whatever zone they came in', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    const approved = fold([
      log.purchase(id),
      log.approve(id, { approvedAt: '2026-03-01T13:00:00+01:00' }),
    ]);
    expect(approved!.approvedAt).toBe('2026-03-01T12:00:00.000Z');
    const cancelled = fold(
      [log.cancel(id, { cancelledAt: '2026-03-01T12:30:00-02:00' })],
      approved,
    );
    expect(cancelled!.cancelledAt).toBe('2026-03-01T14:30:00.000Z');
  });

  it('ignores an event whose revision a number cannot hold, or that has no usable time', () => {
    const log = ticketEventLog();
    const id = randomUUID();
    expect(evolve(null, { ...log.purchase(id), revision: 2n ** 53n + 1n })).toBeNull();
    const timeless = { ...log.purchase(id, { time: null }), recordedAt: new Date(Number.NaN) };
    expect(evolve(null, timeless)).toBeNull();
  });
});
