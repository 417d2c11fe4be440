import { randomUUID } from 'node:crypto';
import { comparePositions, type EventStoreKind, type GlobalPosition } from '@sportskk/event-store';
import { ForeignCheckpoint } from '@sportskk/projection-runner';
import { Aggregator } from 'mingo';
import { BSON, MongoServerError, type Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { evolve, type TicketViewDocument } from '../../domain/ticket-view.ts';
import { ticketEventLog } from '../../testing/ticket-events.ts';
import {
  LIST_SORT,
  TICKET_VIEW_INDEXES,
  checkpointSortKey,
  checkpointUpsert,
  fromCheckpointDocument,
  fromMongoDocument,
  isDuplicateKeyError,
  listFilter,
  pageFilter,
  refusedWrite,
  replaceableFilter,
  toCheckpointDocument,
  toMongoDocument,
  toMongoReplacement,
  type CheckpointMongoDocument,
  type TicketViewMongoDocument,
} from './mapping.ts';

function documents(): Record<
  'pending' | 'approved' | 'cancelledAfterApproval' | 'cancelledWhilePending',
  TicketViewDocument
> {
  const log = ticketEventLog();
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
  const pending = evolve(
    null,
    log.purchase(a, { teamCode: 'LG', betCredit: Number.MAX_SAFE_INTEGER, time: null }),
  )!;
  const approved = evolve(evolve(null, log.purchase(b)), log.approve(b))!;
  const cancelledAfterApproval = evolve(approved, log.cancel(b))!;
  const cancelledWhilePending = evolve(evolve(null, log.purchase(c)), log.cancel(c))!;
  return { pending, approved, cancelledAfterApproval, cancelledWhilePending };
}

describe('ticket view <-> MongoDB document', () => {
  it.each(Object.entries(documents()))('round-trips a %s ticket exactly', (_label, doc) => {
    const stored = toMongoDocument(doc);
    expect(stored._id).toBe(doc.id);
    expect(stored.purchasedAt).toEqual(new Date(doc.purchasedAt));
    expect(stored.history.every((entry) => entry.at instanceof Date)).toBe(true);
    expect(fromMongoDocument(stored)).toEqual(doc);
  });

  it.each(Object.entries(documents()))(
    'survives BSON encoding as the driver does it (%s)',
    (_label, doc) => {
      const decoded = BSON.deserialize(
        BSON.serialize(toMongoDocument(doc)),
      ) as TicketViewMongoDocument;
      expect(fromMongoDocument(decoded)).toEqual(doc);
    },
  );

  it('replaces without _id (an upsert takes it from the filter)', () => {
    const doc = documents().approved;
    const { _id, ...rest } = toMongoDocument(doc);
    expect(_id).toBe(doc.id);
    expect(toMongoReplacement(doc)).toEqual(rest);
  });

  it('stores the columns lists filter and sort on at the top level', () => {
    const stored = toMongoDocument(documents().approved);
    expect(stored).toMatchObject({
      status: 'APPROVED',
      teamCode: 'KT',
      version: 1,
      cancelledAt: null,
    });
    expect(stored.approvedAt).toBeInstanceOf(Date);
  });

  const broken = (overrides: Partial<TicketViewMongoDocument>) => ({
    ...toMongoDocument(documents().pending),
    ...overrides,
  });
  it.each([
    ['PENDING with an approval time', broken({ approvedAt: new Date() })],
    ['APPROVED without an approval time', broken({ status: 'APPROVED' })],
    [
      'APPROVED and cancelled',
      broken({ status: 'APPROVED', approvedAt: new Date(), cancelledAt: new Date() }),
    ],
    ['CANCELLED without a cancellation time', broken({ status: 'CANCELLED' })],
    ['an unknown status', broken({ status: 'REFUNDED' as never })],
  ])('refuses a stored document that is %s', (_label, stored) => {
    expect(() => fromMongoDocument(stored)).toThrow(/inconsistent/);
  });
});

describe('queries', () => {
  it('writes over exactly the version the unit of work read, so a concurrent apply makes it miss', () => {
    expect(replaceableFilter({ id: 't1', version: 3 }, 1)).toEqual({ _id: 't1', version: 1 });
    expect(replaceableFilter({ id: 't1', version: 0 }, null)).toEqual({
      _id: 't1',
      version: { $exists: false },
    });
  });

  it('writes a document it did not read only over a lower stored version', () => {
    expect(replaceableFilter({ id: 't1', version: 3 })).toEqual({ _id: 't1', version: { $lt: 3 } });
  });

  it('tells a replay (this version or a later one stored) from a conflict (an older one, or none)', () => {
    expect(refusedWrite(3, 3)).toBe('replay');
    expect(refusedWrite(4, 3)).toBe('replay');
    expect(refusedWrite(2, 3)).toBe('conflict');
    expect(refusedWrite(undefined, 0)).toBe('conflict');
  });

  it('filters on the fields given', () => {
    expect(listFilter({})).toEqual({});
    expect(listFilter({ status: 'CANCELLED' })).toEqual({ status: 'CANCELLED' });
    expect(listFilter({ teamCode: 'KT', status: 'PENDING' })).toEqual({
      status: 'PENDING',
      teamCode: 'KT',
    });
  });

  it('continues strictly after the cursor in list order (older purchase, or same time and lower id)', () => {
    const purchasedAt = new Date('2026-01-01T00:00:00.000Z');
    expect(pageFilter({ teamCode: 'KT' }, undefined)).toEqual({ teamCode: 'KT' });
    expect(
      pageFilter({ teamCode: 'KT' }, { purchasedAt: purchasedAt.toISOString(), id: 'm' }),
    ).toEqual({
      teamCode: 'KT',
      $or: [{ purchasedAt: { $lt: purchasedAt } }, { purchasedAt, _id: { $lt: 'm' } }],
    });
  });

  it('sorts newest purchase first, then id descending', () => {
    expect(Object.entries(LIST_SORT)).toEqual([
      ['purchasedAt', -1],
      ['_id', -1],
    ]);
  });

  it.each([[[]], [['status']], [['teamCode']], [['teamCode', 'status']]])(
    'has an index serving filter %j in list order',
    (fields) => {
      const wanted = [...fields.map((field) => [field, 1]), ...Object.entries(LIST_SORT)];
      expect(
        TICKET_VIEW_INDEXES.some(
          (index) => JSON.stringify(Object.entries(index.key)) === JSON.stringify(wanted),
        ),
      ).toBe(true);
    },
  );
});

describe('duplicate-key errors', () => {
  it('are recognised by code 11000 only', () => {
    expect(
      isDuplicateKeyError(
        new MongoServerError({
          message: 'E11000 duplicate key error collection: t.ticket_views',
          code: 11000,
        }),
      ),
    ).toBe(true);
    expect(isDuplicateKeyError(new MongoServerError({ message: 'WriteConflict', code: 112 }))).toBe(
      false,
    );
    expect(isDuplicateKeyError(new Error('E11000 duplicate key'))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
    expect(isDuplicateKeyError('E11000')).toBe(false);
  });
});

// MongoDB's update pipelines are checked by evaluating them with mingo, a JavaScript implementation of its
// aggregation language (no server runs here); the pipelines avoid comparing across BSON types, where mingo differs.
describe('checkpoints', () => {
  const now = new Date('2026-01-01T00:00:00.000Z');
  const later = new Date('2026-01-02T00:00:00.000Z');
  const positions: GlobalPosition[] = [
    { transaction: -1n, sequence: -1n },
    { transaction: 0n, sequence: 0n },
    { transaction: 0n, sequence: 9n },
    { transaction: 0n, sequence: 10n },
    { transaction: 9n, sequence: 2n ** 64n - 1n },
    { transaction: 10n, sequence: 0n },
    { transaction: 2n ** 63n, sequence: 5n },
    { transaction: 2n ** 64n - 1n, sequence: 2n ** 64n - 1n },
  ];

  it('have sort keys whose string order is the position order', () => {
    for (const a of positions) {
      for (const b of positions) {
        const [keyA, keyB] = [checkpointSortKey(a), checkpointSortKey(b)];
        expect(Math.sign(keyA < keyB ? -1 : keyA > keyB ? 1 : 0)).toBe(
          Math.sign(comparePositions(a, b)),
        );
      }
    }
  });

  it.each([
    { transaction: -2n, sequence: 0n },
    { transaction: 0n, sequence: 2n ** 64n },
  ])('refuse a position outside -1 .. 2^64-1: %o', (position) => {
    expect(() => checkpointSortKey(position)).toThrow(RangeError);
  });

  it('round-trip through a stored document, tagged with their event store', () => {
    const storedAt = new Date('2026-01-01T00:00:00.000Z');
    for (const position of positions) {
      const stored = toCheckpointDocument('center-view', position, 'eventstoredb', storedAt);
      expect(stored).toMatchObject({ _id: 'center-view', storedAt, eventStore: 'eventstoredb' });
      expect(fromCheckpointDocument(stored, 'eventstoredb')).toEqual(position);
      expect(
        fromCheckpointDocument(
          BSON.deserialize(BSON.serialize(stored)) as typeof stored,
          'eventstoredb',
        ),
      ).toEqual(position);
    }
  });

  it('refuse a stored position of another event store; an untagged one is PostgreSQL only', () => {
    const tagged = toCheckpointDocument('view', { transaction: 1n, sequence: 2n }, 'postgres', now);
    expect(() => fromCheckpointDocument(tagged, 'eventstoredb')).toThrow(ForeignCheckpoint);
    const { eventStore: _, ...untagged } = tagged;
    expect(fromCheckpointDocument(untagged, 'postgres')).toEqual({ transaction: 1n, sequence: 2n });
    expect(() => fromCheckpointDocument(untagged, 'eventstoredb')).toThrow(
      /"view" was stored untagged.*EventStoreDB/,
    );
  });

  /** What MongoDB's upsert does: a document from the filter when none matches, then the update pipeline. */
  const upsert = (stored: Document | undefined, document: CheckpointMongoDocument) => {
    const { filter, update } = checkpointUpsert(document);
    const [after] = new Aggregator(update).run([stored ?? { ...filter }]);
    return after;
  };
  const saved = (position: GlobalPosition, eventStore: EventStoreKind = 'postgres') =>
    toCheckpointDocument('view', position, eventStore, now);

  it('save as one upsert by name: inserts the first, then moves only forward', () => {
    expect(checkpointUpsert(saved({ transaction: 7n, sequence: 3n })).filter).toEqual({
      _id: 'view',
    });
    const first = upsert(undefined, saved({ transaction: 7n, sequence: 3n }));
    expect(first).toEqual(saved({ transaction: 7n, sequence: 3n }));
    for (const older of [
      { transaction: 7n, sequence: 3n },
      { transaction: 7n, sequence: 2n },
      { transaction: 6n, sequence: 99n },
    ])
      expect(upsert(first, { ...saved(older), storedAt: later })).toEqual(first);
    const newer = { ...saved({ transaction: 10n, sequence: 0n }), storedAt: later };
    expect(upsert(first, newer)).toEqual(newer);
  });

  it('save inserts the first checkpoint whatever the event store', () => {
    for (const eventStore of ['eventstoredb', 'in-memory', 'postgres'] as const) {
      const first = saved({ transaction: 3n, sequence: 1n }, eventStore);
      expect(upsert(undefined, first)).toEqual(first);
    }
  });

  it('save never moves a checkpoint of another event store, and takes over an untagged one for PostgreSQL', () => {
    const foreign = saved({ transaction: 1n, sequence: 1n }, 'eventstoredb');
    expect(upsert(foreign, saved({ transaction: 9n, sequence: 9n }))).toEqual(foreign);
    const { eventStore: _, ...untagged } = saved({ transaction: 1n, sequence: 1n });
    const newer = saved({ transaction: 2n, sequence: 0n });
    expect(upsert(untagged, newer)).toEqual(newer);
    expect(upsert(untagged, saved({ transaction: 2n, sequence: 0n }, 'eventstoredb'))).toEqual(
      untagged,
    );
  });
});
