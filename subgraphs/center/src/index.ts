export { createMongoTicketViewStore } from './adapters/mongo/mongo-ticket-view-store.ts';
export {
  createPostgresTicketViewStore,
  type PostgresTicketViewStoreOptions,
} from './adapters/postgres/postgres-ticket-view-store.ts';
export { loadCenterConfig, type CenterConfig } from './config.ts';
export type { TicketViewStore } from './ports/ticket-view-store.ts';
export { startCenter, type CenterOptions } from './service.ts';
export { createTicketViewProjection } from './app/ticket-view-projection.ts';
