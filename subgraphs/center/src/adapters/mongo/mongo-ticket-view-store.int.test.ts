import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { describeCheckpointStoreContract } from '@sportskk/projection-runner/testing';
import { announceAdapter } from '@sportskk/testing';
import { describeTicketViewStoreContract } from '../../testing/ticket-view-store-contract.ts';
import { CHECKPOINTS_COLLECTION, TICKET_VIEWS_COLLECTION, TICKET_VIEW_INDEXES } from './mapping.ts';
import { createMongoTicketViewStore } from './mongo-ticket-view-store.ts';

// e.g. MONGO_URL=mongodb://localhost:27017. Each test gets its own database (center_test_<random>), dropped after.
const url = announceAdapter('TicketViewStore on MongoDB', 'MONGO_URL');
const randomDatabase = () => `center_test_${randomBytes(6).toString('hex')}`;

describe.skipIf(!url)('MongoDB', () => {
  describeTicketViewStoreContract('MongoDB', async () => {
    const client = await MongoClient.connect(url!, { serverSelectionTimeoutMS: 5000 });
    const databases: string[] = [];
    return {
      newStore() {
        const name = randomDatabase();
        databases.push(name);
        return createMongoTicketViewStore(client.db(name), { eventStore: 'postgres' });
      },
      async dispose() {
        for (const name of databases) await client.db(name).dropDatabase();
        await client.close();
      },
    };
  });

  describeCheckpointStoreContract('MongoDB ticket view store', async () => {
    const client = await MongoClient.connect(url!, { serverSelectionTimeoutMS: 5000 });
    const db = client.db(randomDatabase());
    return {
      async open(eventStore) {
        const store = await createMongoTicketViewStore(db, { eventStore });
        return {
          load: (name) => store.loadCheckpoint(name),
          save: (name, position) => store.unitOfWork((tx) => tx.saveCheckpoint(name, position)),
        };
      },
      async dispose() {
        await db.dropDatabase();
        await client.close();
      },
    };
  });

  it('empties a view written before buyers were stored, and its checkpoints, once', async () => {
    const client = await MongoClient.connect(url!, { serverSelectionTimeoutMS: 5000 });
    const db = client.db(randomDatabase());
    try {
      await db.collection<{ _id: string }>(TICKET_VIEWS_COLLECTION).insertOne({ _id: 'old' });
      await db.collection<{ _id: string }>(CHECKPOINTS_COLLECTION).insertOne({ _id: 'view' });
      const store = await createMongoTicketViewStore(db, { eventStore: 'postgres' });
      expect(await db.collection(TICKET_VIEWS_COLLECTION).countDocuments()).toBe(0);
      expect(await store.loadCheckpoint('view')).toBeUndefined();
      await db.collection<{ _id: string }>(TICKET_VIEWS_COLLECTION).insertOne({ _id: 'new' });
      await createMongoTicketViewStore(db, { eventStore: 'postgres' });
      expect(await db.collection(TICKET_VIEWS_COLLECTION).countDocuments()).toBe(1);
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });

  it('creates its indexes, and creating the store again changes nothing', async () => {
    const client = await MongoClient.connect(url!, { serverSelectionTimeoutMS: 5000 });
    const db = client.db(randomDatabase());
    try {
      await createMongoTicketViewStore(db, { eventStore: 'postgres' });
      await createMongoTicketViewStore(db, { eventStore: 'postgres' });
      const names = (await db.collection(TICKET_VIEWS_COLLECTION).indexes()).map(
        (index) => index.name,
      );
      expect(names.sort()).toEqual(
        ['_id_', ...TICKET_VIEW_INDEXES.map((index) => index.name!)].sort(),
      );
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });
});

describe('MongoDB ticket view store without a server', () => {
  it('fails to open, instead of hanging, when the server cannot be reached', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:9/', {
      serverSelectionTimeoutMS: 300,
      connectTimeoutMS: 300,
    });
    try {
      await expect(
        createMongoTicketViewStore(client.db('unreachable'), { eventStore: 'postgres' }),
      ).rejects.toThrow(/ECONNREFUSED|Server selection timed out/);
    } finally {
      await client.close();
    }
  });
});
