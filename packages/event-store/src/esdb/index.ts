export { createEsdbEventStore, type EsdbEventStoreOptions } from './esdb-event-store.ts';
export type { ResubscribeTuning } from './resubscribe.ts';
