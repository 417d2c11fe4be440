import { expect, it } from 'vitest';
import { START } from '../position.ts';
import { describeEventStoreContract, newEvent } from '../testing/index.ts';
import { createInMemoryEventStorage, createInMemoryEventStore } from './in-memory-event-store.ts';

describeEventStoreContract('in-memory', async () => {
  const storage = createInMemoryEventStorage();
  return { open: async () => createInMemoryEventStore(storage), dispose: async () => undefined };
});

it('names START as the head of an empty log', async () => {
  const store = createInMemoryEventStore(createInMemoryEventStorage());
  expect(await store.headPosition()).toEqual(START);
  const { position } = await store.appendToStream('s-1', [newEvent()]);
  expect(await store.headPosition()).toEqual(position);
});
