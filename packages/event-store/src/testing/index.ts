export { describeEventStoreContract, type EventStoreHarness } from './event-store-contract.ts';
export { eventually, newEvent, uniqueName } from './helpers.ts';
export { announceAdapter } from './adapters.ts';
