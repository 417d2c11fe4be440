/** Pure translations between the ticket view and MongoDB documents, queries and indexes. No I/O. */
import type { TicketEventType } from '@sportskk/contracts';
import {
  formatPosition,
  parsePosition,
  type EventStoreKind,
  type GlobalPosition,
} from '@sportskk/event-store';
import { checkCheckpointOrigin } from '@sportskk/projection-runner';
import type { Document, Filter, IndexDescription, WithoutId } from 'mongodb';
import type { TicketListCursor, TicketListFilter } from '../../domain/ticket-list.ts';
import type { TicketViewDocument, TicketViewStatus } from '../../domain/ticket-view.ts';

export const TICKET_VIEWS_COLLECTION = 'ticket_views';
export const CHECKPOINTS_COLLECTION = 'checkpoints';
/** One document (`_id` = the views collection) saying which shape the stored view documents have. */
export const VIEW_SCHEMA_COLLECTION = 'view_schema';
/** 2: documents name their buyer (`buyerId`). A view of an older shape is emptied and rebuilt from the log. */
export const VIEW_SCHEMA_VERSION = 2;

/** A ticket view as stored: `_id` is the ticket id; times are BSON dates so they sort and compare as times. */
export interface TicketViewMongoDocument {
  _id: string;
  buyerId: string;
  teamCode: string;
  betCredit: number;
  status: TicketViewStatus;
  version: number;
  purchasedAt: Date;
  approvedAt: Date | null;
  cancelledAt: Date | null;
  updatedAt: Date;
  history: Array<{ type: TicketEventType; version: number; at: Date; correlationId: string }>;
}

export interface CheckpointMongoDocument {
  /** The projection's name. */
  _id: string;
  /** `transaction/sequence`, as formatPosition writes it. */
  position: string;
  /** The position as text whose byte order is the position order (see checkpointSortKey). */
  sortKey: string;
  storedAt: Date;
  /** The kind of event store the position is in; absent on checkpoints stored before they were tagged. */
  eventStore?: EventStoreKind;
}

export const LIST_SORT = { purchasedAt: -1, _id: -1 } as const;

/** One index per filter combination, each ending in the list order, so no list sorts in memory. */
export const TICKET_VIEW_INDEXES: IndexDescription[] = [
  { name: 'by_purchase', key: { purchasedAt: -1, _id: -1 } },
  { name: 'by_status', key: { status: 1, purchasedAt: -1, _id: -1 } },
  { name: 'by_team', key: { teamCode: 1, purchasedAt: -1, _id: -1 } },
  { name: 'by_team_and_status', key: { teamCode: 1, status: 1, purchasedAt: -1, _id: -1 } },
  { name: 'by_buyer', key: { buyerId: 1, purchasedAt: -1, _id: -1 } },
];

export function toMongoDocument(doc: TicketViewDocument): TicketViewMongoDocument {
  return {
    _id: doc.id,
    buyerId: doc.buyerId,
    teamCode: doc.teamCode,
    betCredit: doc.betCredit,
    status: doc.status,
    version: doc.version,
    purchasedAt: new Date(doc.purchasedAt),
    approvedAt: doc.approvedAt === null ? null : new Date(doc.approvedAt),
    cancelledAt: doc.cancelledAt === null ? null : new Date(doc.cancelledAt),
    updatedAt: new Date(doc.updatedAt),
    history: doc.history.map((entry) => ({
      type: entry.type,
      version: entry.version,
      at: new Date(entry.at),
      correlationId: entry.correlationId,
    })),
  };
}

/** The document for replaceOne: an upsert takes `_id` from the filter. */
export function toMongoReplacement(doc: TicketViewDocument): WithoutId<TicketViewMongoDocument> {
  const { _id, ...replacement } = toMongoDocument(doc);
  return replacement;
}

/** Throws when the stored document breaks the status rules (written by something other than this adapter). */
export function fromMongoDocument(stored: TicketViewMongoDocument): TicketViewDocument {
  const fields = {
    id: stored._id,
    buyerId: stored.buyerId,
    teamCode: stored.teamCode,
    betCredit: stored.betCredit,
    version: stored.version,
    purchasedAt: stored.purchasedAt.toISOString(),
    updatedAt: stored.updatedAt.toISOString(),
    history: stored.history.map((entry) => ({
      type: entry.type,
      version: entry.version,
      at: entry.at.toISOString(),
      correlationId: entry.correlationId,
    })),
  };
  const approvedAt = stored.approvedAt?.toISOString() ?? null;
  const cancelledAt = stored.cancelledAt?.toISOString() ?? null;
  switch (stored.status) {
    case 'PENDING':
      if (approvedAt === null && cancelledAt === null)
        return { ...fields, status: 'PENDING', approvedAt, cancelledAt };
      break;
    case 'APPROVED':
      if (approvedAt !== null && cancelledAt === null)
        return { ...fields, status: 'APPROVED', approvedAt, cancelledAt };
      break;
    case 'CANCELLED':
      if (cancelledAt !== null) return { ...fields, status: 'CANCELLED', approvedAt, cancelledAt };
      break;
  }
  throw new Error(
    `Stored ticket view ${JSON.stringify(stored._id)} is inconsistent: status ${String(stored.status)}, approvedAt ${approvedAt}, cancelledAt ${cancelledAt}`,
  );
}

/** The write filter: only a stored version below the new one may be replaced; none stored means insert. */
/** The version a unit of work read for a ticket: a number, or null when it found no document. */
export type ReadVersion = number | null;

/**
 * What a view write may replace (upserting on `_id`): the document exactly as this unit of work read it, so a
 * concurrent apply in between makes the write match nothing (and the upsert a duplicate key); an absent one only if
 * it is still absent. A document the unit did not read is replaced only over a lower version.
 */
export function replaceableFilter(
  doc: Pick<TicketViewDocument, 'id' | 'version'>,
  read?: ReadVersion,
): Filter<TicketViewMongoDocument> {
  if (read === undefined) return { _id: doc.id, version: { $lt: doc.version } };
  return read === null
    ? { _id: doc.id, version: { $exists: false } }
    : { _id: doc.id, version: read };
}

/**
 * Why a conditional write matched nothing, from the version stored now: this version or a later one is there
 * already (a replay: nothing to do), or another apply changed the document after it was read (a conflict: load
 * and fold again).
 */
export function refusedWrite(
  storedVersion: number | undefined,
  version: number,
): 'replay' | 'conflict' {
  return storedVersion !== undefined && storedVersion >= version ? 'replay' : 'conflict';
}

export function listFilter(filter: TicketListFilter): Filter<TicketViewMongoDocument> {
  return {
    ...(filter.status !== undefined ? { status: filter.status } : {}),
    ...(filter.teamCode !== undefined ? { teamCode: filter.teamCode } : {}),
    ...(filter.buyerId !== undefined ? { buyerId: filter.buyerId } : {}),
  };
}

/** The filter plus "after the cursor" in LIST_SORT order. */
export function pageFilter(
  filter: TicketListFilter,
  after: TicketListCursor | undefined,
): Filter<TicketViewMongoDocument> {
  if (!after) return listFilter(filter);
  const purchasedAt = new Date(after.purchasedAt);
  return {
    ...listFilter(filter),
    $or: [{ purchasedAt: { $lt: purchasedAt } }, { purchasedAt, _id: { $lt: after.id } }],
  };
}

/** Code 11000: the unique `_id` refused an insert, i.e. the conditional write found an equal or newer version. */
export function isDuplicateKeyError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error as { code: unknown }).code === 11000
  );
}

const KEY_DIGITS = 20;
const MAX_PART = 2n ** 64n - 1n;

/**
 * Each part shifted by one (START is -1/-1) and zero-padded to 20 digits, so comparing the strings compares
 * the positions. Parts must lie in -1 .. 2^64-1 (PostgreSQL transaction ids, EventStoreDB commit positions).
 */
export function checkpointSortKey(position: GlobalPosition): string {
  const part = (value: bigint) => {
    if (value < -1n || value > MAX_PART)
      throw new RangeError(`Checkpoint position part out of range: ${value}`);
    return (value + 1n).toString().padStart(KEY_DIGITS, '0');
  };
  return `${part(position.transaction)}/${part(position.sequence)}`;
}

export function toCheckpointDocument(
  name: string,
  position: GlobalPosition,
  eventStore: EventStoreKind,
  storedAt: Date,
): CheckpointMongoDocument {
  return {
    _id: name,
    position: formatPosition(position),
    sortKey: checkpointSortKey(position),
    storedAt,
    eventStore,
  };
}

/**
 * Saving a checkpoint as one upsert that never fails on a position that does not advance: matched by `_id` alone
 * (so the upsert cannot collide), and an update pipeline that keeps the stored fields unless the new sort key is
 * greater and the stored one is of the same event store (an untagged one counts as PostgreSQL's; a foreign one is
 * never moved, loading it is refused first). A first save (nothing stored: the upsert's insert) always writes.
 */
export function checkpointUpsert(document: CheckpointMongoDocument): {
  readonly filter: { readonly _id: string };
  readonly update: Document[];
} {
  const inserting = { $eq: [{ $ifNull: ['$sortKey', null] }, null] };
  const sameStore = { $eq: [{ $ifNull: ['$eventStore', 'postgres'] }, document.eventStore] };
  const advances = {
    $or: [inserting, { $and: [{ $lt: ['$sortKey', document.sortKey] }, sameStore] }],
  };
  const field = (name: 'position' | 'sortKey' | 'storedAt' | 'eventStore') => ({
    $cond: [advances, { $literal: document[name] }, `$${name}`],
  });
  return {
    filter: { _id: document._id },
    update: [
      {
        $set: {
          position: field('position'),
          sortKey: field('sortKey'),
          storedAt: field('storedAt'),
          eventStore: field('eventStore'),
        },
      },
    ],
  };
}

/** Throws ForeignCheckpoint when the stored position is in another kind of event store than `readBy`. */
export function fromCheckpointDocument(
  stored: Pick<CheckpointMongoDocument, '_id' | 'position' | 'eventStore'>,
  readBy: EventStoreKind,
): GlobalPosition {
  checkCheckpointOrigin(stored._id, stored.eventStore, readBy);
  return parsePosition(stored.position);
}
