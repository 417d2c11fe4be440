import { describeEventStoreContract } from '../testing/index.ts';
import { createInMemoryEventStorage, createInMemoryEventStore } from './in-memory-event-store.ts';

describeEventStoreContract('in-memory', async () => {
  const storage = createInMemoryEventStorage();
  return { open: async () => createInMemoryEventStore(storage), dispose: async () => undefined };
});
