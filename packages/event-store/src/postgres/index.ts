export {
  createPostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres-event-store.ts';
export { eventStoreMigrations } from './schema.ts';
