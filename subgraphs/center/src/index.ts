export { CENTER_SCHEMA_PATH, typeDefs, createCenterSubgraph, buildCenterSchema, type CenterSubgraph } from './subgraph.ts';
export { startCenterService, type CenterServiceOptions } from './service.ts';
export type { CenterResolvers, TicketParent, TicketConnection, TicketsArgs } from './graphql/resolvers.ts';
export type { TicketViewStore, TicketViewApplyResult, ApplyOptions } from './ports/ticket-view-store.ts';
export { createPostgresTicketViewStore, type PostgresTicketViewStoreOptions } from './adapters/postgres/postgres-ticket-view-store.ts';
export { createMongoTicketViewStore } from './adapters/mongo/mongo-ticket-view-store.ts';
export { createTicketViewProjection, TICKET_VIEW_PROJECTION, type TicketViewProjectionOptions } from './projection/ticket-view-projection.ts';
export { evolve as evolveTicketView, statusChange, type TicketViewDocument, type TicketViewStatus, type TicketHistoryEntry, type TicketStatusChange } from './domain/ticket-view.ts';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type TicketListFilter, type TicketListQuery, type TicketListPage, type TicketListCursor } from './domain/ticket-list.ts';
