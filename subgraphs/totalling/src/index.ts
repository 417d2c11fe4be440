export {
  createTotallingStore,
  type TotallingStoreOptions,
} from './adapters/postgres/postgres-totalling-store.ts';
export { loadTotallingConfig, type TotallingConfig } from './config.ts';
export type { TeamTotal, TotallingStore } from './ports/totalling-store.ts';
export { startTotalling, type TotallingOptions } from './service.ts';
export { createEventStoreTicketLog } from './adapters/event-log/event-store-ticket-log.ts';
export { createTeamTotalsProjection } from './app/team-totals-projection.ts';
