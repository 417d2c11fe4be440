export {
  createHttpTotallingService,
  type GuardedTotallingService,
} from './adapters/http/http-totalling-service.ts';
export { loadTicketingConfig, type BreakerSettings, type TicketingConfig } from './config.ts';
export type { TotallingService } from './ports/totalling-service.ts';
export { startTicketing, type TicketingOptions } from './service.ts';
