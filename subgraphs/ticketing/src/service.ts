import { randomUUID } from 'node:crypto';
import type { EventStore } from '@sportskk/event-store';
import { startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import type { Request } from 'express';
import type { Registry } from 'prom-client';
import { createTicketCommands, type RequestContext } from './app/ticket-commands.ts';
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
  const { logger } = options;
  const commands = createTicketCommands({
    store: options.events,
    totalling: options.totalling,
    rules: options.config.rules,
    clock: () => new Date(),
    newId: randomUUID,
    logger,
  });
  return startHttpService<RequestContext>({
    name: 'ticketing',
    settings: options.config.service,
    logger,
    metrics: options.metrics,
    graphql: {
      schema: buildTicketingSchema(commands),
      context: async (request, correlationId) => ({ correlationId, actor: actorOf(request) }),
    },
    routes: internalTicketingRoutes(commands, logger, actorOf),
    ready: async () => (await options.events.readStream('ticket-readiness-probe'), true),
  });
}

/** Until authentication lands, the actor is what the caller forwards, or anonymous. */
function actorOf(request: Request): string {
  const header = request.headers['x-actor'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.@:-]{1,100}$/.test(value) ? value : 'anonymous';
}
