import { randomUUID } from 'node:crypto';
import { ReadPreference, type Db } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { applyTicketEvent, applyTicketEvents } from '../../app/apply-ticket-event.ts';
import { ticketEventLog } from '../../testing/ticket-events.ts';
import { createMongoTicketViewStore } from './mongo-ticket-view-store.ts';
import { VIEW_SCHEMA_VERSION } from './mapping.ts';

/**
 * Records the options of every read the adapter makes; stores nothing (each ticket is new). Not a database: it
 * shows which reads the adapter sends where, which only a replica set could show otherwise.
 */
function recordingDb() {
  const reads: Array<{ collection: string; call: string; options: unknown }> = [];
  const collection = (name: string) => ({
    createIndexes: async () => [],
    findOne: async (filter: unknown, options?: unknown) => {
      reads.push({ collection: name, call: 'findOne', options });
      return name === 'view_schema' ? { _id: 'ticket_views', version: VIEW_SCHEMA_VERSION } : null;
    },
    find: (filter: unknown, options?: unknown) => {
      reads.push({ collection: name, call: 'find', options });
      return { toArray: async () => [] };
    },
    replaceOne: async () => ({ matchedCount: 0, upsertedCount: 1 }),
    updateOne: async () => ({ matchedCount: 0, upsertedCount: 1 }),
  });
  return { db: { collection } as unknown as Db, reads };
}

const primary = expect.objectContaining({ readPreference: ReadPreference.PRIMARY });

describe('the MongoDB view while applying events', () => {
  it('reads from the primary, one event or a batch, whatever the connection string prefers', async () => {
    const { db, reads } = recordingDb();
    const store = await createMongoTicketViewStore(db, { eventStore: 'postgres' });
    const log = ticketEventLog();
    reads.length = 0;
    await applyTicketEvent(store, log.purchase(randomUUID()));
    await applyTicketEvents(store, [log.purchase(randomUUID()), log.purchase(randomUUID())]);
    expect(reads).toEqual([
      { collection: 'ticket_views', call: 'findOne', options: primary },
      { collection: 'ticket_views', call: 'find', options: primary },
    ]);
  });
});
