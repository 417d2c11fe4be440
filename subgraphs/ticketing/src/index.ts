export { createTicketCommands, approvePendingTicket, type ApprovalDeps, type TicketCommands, type TicketView, type CommandResult, type RequestContext } from './app/ticket-commands.ts';
export { loadTicket } from './app/ticket-repository.ts';
export { createHttpTotallingService, type GuardedTotallingService } from './adapters/http/http-totalling-service.ts';
export type { TotallingService, TicketToTotal } from './ports/totalling-service.ts';
export { TICKETING_SCHEMA_PATH, typeDefs, createTicketingSubgraph, buildTicketingSchema } from './subgraph.ts';
export { startTicketingService, ticketCommandsFor, type TicketingServiceOptions } from './service.ts';
export * from './domain/events.ts';
