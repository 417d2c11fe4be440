export { createHttpTicketing, type HttpTicketingOptions } from './adapters/http-ticketing.ts';
export { loadProjectionsConfig, type ProjectionsConfig } from './config.ts';
export { startProjections, type ProjectionsOptions } from './service.ts';
