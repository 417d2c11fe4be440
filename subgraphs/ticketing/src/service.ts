import { randomUUID } from 'node:crypto';
import type { EventStore } from '@sportskk/event-store';
import { startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import type { Request } from 'express';
import type { Registry } from 'prom-client';
import {
  approvePendingTicket,
  createTicketCommands,
  type RequestContext,
} from './app/ticket-commands.ts';
import type { TicketingConfig } from './config.ts';
import { buildTicketingSchema } from './graphql/schema.ts';
import { internalTicketingRoutes } from './http/internal-routes.ts';
import type { TotallingService } from './ports/totalling-service.ts';

export interface TicketingOptions {
  readonly config: Pick<TicketingConfig, 'service' | 'rules'>;
  readonly events: EventStore;
  readonly totalling: TotallingService;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/** Ticketing over HTTP: GraphQL on /graphql, the internal approve endpoint, health probes and metrics. */
export async function startTicketing(options: TicketingOptions): Promise<RunningService> {
  const deps = {
    store: options.events,
    rules: options.config.rules,
    clock: () => new Date(),
    newId: randomUUID,
  };
  const commands = createTicketCommands({
    ...deps,
    totalling: options.totalling,
    logger: options.logger,
  });
  const internal = {
    approve: (ticketId: string, context: RequestContext, causationId: string) =>
      approvePendingTicket(deps, ticketId, context, causationId),
  };
  return startHttpService<RequestContext>({
    name: 'ticketing',
    settings: options.config.service,
    logger: options.logger,
    metrics: options.metrics,
    graphql: {
      schema: buildTicketingSchema(commands),
      context: async (request, correlationId) => ({ correlationId, actor: actorOf(request) }),
    },
    routes: internalTicketingRoutes(internal, options.logger, actorOf),
    ready: async () => (await options.events.readStream('ticket-readiness-probe'), true),
  });
}

/** Until authentication lands, the actor is what the caller forwards, or anonymous. */
function actorOf(request: Request): string {
  const header = request.headers['x-actor'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.@:-]{1,100}$/.test(value) ? value : 'anonymous';
}
