export { describeEventStoreContract, type EventStoreHarness } from './event-store-contract.ts';
export { newEvent, uniqueName } from './helpers.ts';
