import type { EventStoreKind, GlobalPosition } from '@sportskk/event-store';
import { ReadPreference, type Db, type FindOptions } from 'mongodb';
import type { TicketListQuery } from '../../domain/ticket-list.ts';
import type { TicketViewStore, TicketViewTransaction } from '../../ports/ticket-view-store.ts';
import {
  CHECKPOINTS_COLLECTION,
  checkpointUpsert,
  LIST_SORT,
  TICKET_VIEWS_COLLECTION,
  TICKET_VIEW_INDEXES,
  VIEW_SCHEMA_COLLECTION,
  VIEW_SCHEMA_VERSION,
  fromCheckpointDocument,
  fromMongoDocument,
  isDuplicateKeyError,
  listFilter,
  pageFilter,
  refusedWrite,
  replaceableFilter,
  toCheckpointDocument,
  toMongoReplacement,
  type CheckpointMongoDocument,
  type ReadVersion,
  type TicketViewMongoDocument,
} from './mapping.ts';
import { ConcurrentViewUpdate, retryingConflicts } from './retry-conflicts.ts';

/**
 * Like a SQL migration that empties the view: documents of an older shape (or from before shapes were recorded)
 * are dropped with the checkpoints, so the projection rebuilds them all from the log.
 */
async function rebuildIfOlder(db: Db): Promise<void> {
  const versions = db.collection<{ _id: string; version: number }>(VIEW_SCHEMA_COLLECTION);
  const stored = await versions.findOne({ _id: TICKET_VIEWS_COLLECTION });
  if (stored && stored.version >= VIEW_SCHEMA_VERSION) return;
  await db.collection(TICKET_VIEWS_COLLECTION).deleteMany({});
  await db.collection(CHECKPOINTS_COLLECTION).deleteMany({});
  await versions.updateOne(
    { _id: TICKET_VIEWS_COLLECTION },
    { $set: { version: VIEW_SCHEMA_VERSION } },
    { upsert: true },
  );
}

/**
 * The ticket view in MongoDB (collections `ticket_views` and `checkpoints` of `db`), fed from an `eventStore`
 * store (its checkpoints are positions there); creates its indexes first.
 * Without multi-document transactions a unit of work writes as it goes: the view first, the checkpoint last, so a
 * crash in between replays the event, which the conditional write turns into a no-op. Each write replaces the
 * document only as the unit read it; when another apply changed it meanwhile, the whole unit runs again.
 */
export async function createMongoTicketViewStore(
  db: Db,
  options: { readonly eventStore: EventStoreKind },
): Promise<TicketViewStore> {
  const views = db.collection<TicketViewMongoDocument>(TICKET_VIEWS_COLLECTION);
  const checkpoints = db.collection<CheckpointMongoDocument>(CHECKPOINTS_COLLECTION);
  await views.createIndexes(TICKET_VIEW_INDEXES);
  await rebuildIfOlder(db);

  /** Runs a conditional upsert; false when the unique _id refused it (the condition did not hold). */
  const conditionally = async (write: () => Promise<unknown>): Promise<boolean> => {
    try {
      await write();
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  };

  /** One round trip, whether the position advances or not (see checkpointUpsert). */
  const saveCheckpoint = async (name: string, position: GlobalPosition) => {
    const { filter, update } = checkpointUpsert(
      toCheckpointDocument(name, position, options.eventStore, new Date()),
    );
    await checkpoints.updateOne(filter, update, { upsert: true });
  };

  // Inside a unit of work, reads go to the primary whatever MONGO_URL says: a lagging secondary would hand the
  // projection an old document, and the conditional write would then refuse every attempt.
  const primary = { readPreference: ReadPreference.PRIMARY } as const;
  const get = async (ticketId: string, options: FindOptions = {}) => {
    const stored = await views.findOne({ _id: ticketId }, options);
    return stored ? fromMongoDocument(stored) : undefined;
  };

  /** One attempt: remembers what it read, and writes over exactly that (see replaceableFilter). */
  const attempt = (): TicketViewTransaction => {
    const read = new Map<string, ReadVersion>();
    const unit: TicketViewTransaction = {
      async load(ticketId) {
        const found = (await get(ticketId, primary)) ?? null;
        read.set(ticketId, found?.version ?? null);
        return found;
      },
      async loadMany(ticketIds) {
        const stored = await views.find({ _id: { $in: [...ticketIds] } }, primary).toArray();
        const found = new Map(
          stored.map((document) => [document._id, fromMongoDocument(document)]),
        );
        for (const ticketId of ticketIds) read.set(ticketId, found.get(ticketId)?.version ?? null);
        return found;
      },
      async write(document) {
        const filter = replaceableFilter(document, read.get(document.id));
        const written = await conditionally(() =>
          views.replaceOne(filter, toMongoReplacement(document), { upsert: true }),
        );
        if (written) {
          read.set(document.id, document.version);
          return true;
        }
        const stored = await views.findOne({ _id: document.id }, primary);
        if (refusedWrite(stored?.version, document.version) === 'replay') return false;
        throw new ConcurrentViewUpdate(document.id);
      },
      async writeMany(documents) {
        // Concurrently, each conditional as write is: one whose stored version is not older changes nothing.
        await Promise.all(documents.map((document) => unit.write(document)));
      },
      saveCheckpoint,
    };
    return unit;
  };

  return {
    unitOfWork: (work) => retryingConflicts(() => work(attempt())),
    get: (ticketId) => get(ticketId),

    async list(query: TicketListQuery) {
      const [page, totalCount] = await Promise.all([
        views
          .find(pageFilter(query.filter, query.after))
          .sort(LIST_SORT)
          .limit(query.first + 1)
          .toArray(),
        views.countDocuments(listFilter(query.filter)),
      ]);
      return {
        tickets: page.slice(0, query.first).map(fromMongoDocument),
        hasNextPage: page.length > query.first,
        totalCount,
      };
    },

    async loadCheckpoint(name) {
      const stored = await checkpoints.findOne({ _id: name });
      return stored ? fromCheckpointDocument(stored, options.eventStore) : undefined;
    },

    ping: async () => void (await db.command({ ping: 1 })),
  };
}
