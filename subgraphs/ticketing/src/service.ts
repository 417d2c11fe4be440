import { randomUUID } from 'node:crypto';
import type { EventStore } from '@sportskk/event-store';
import { startHttpService, type Config, type Logger, type RunningService } from '@sportskk/service';
import type { Registry } from 'prom-client';
import { createTicketCommands, type TicketCommands } from './app/ticket-commands.ts';
import type { TotallingService } from './ports/totalling-service.ts';
import { buildTicketingSchema } from './subgraph.ts';
import type { TicketingContext } from './graphql/context.ts';

export interface TicketingServiceOptions {
  readonly config: Config;
  readonly store: EventStore;
  readonly totalling: TotallingService;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly port: number;
  readonly host: string;
}

export function ticketCommandsFor(options: Pick<TicketingServiceOptions, 'config' | 'store' | 'totalling' | 'logger'>): TicketCommands {
  return createTicketCommands({
    store: options.store,
    totalling: options.totalling,
    rules: { teams: options.config.teams, maxBetCredit: options.config.maxBetCredit },
    clock: () => new Date(),
    newId: randomUUID,
    logger: options.logger,
  });
}

export async function startTicketingService(options: TicketingServiceOptions): Promise<RunningService> {
  const commands = ticketCommandsFor(options);
  return startHttpService<TicketingContext>({
    name: 'ticketing',
    host: options.host,
    port: options.port,
    logger: options.logger,
    metrics: options.metrics,
    graphql: {
      schema: buildTicketingSchema(commands),
      context: async (request, correlationId) => ({ correlationId, actor: actorFrom(request.headers['x-actor']) }),
      introspection: options.config.introspection,
      sandbox: options.config.environment === 'development',
    },
    ready: async () => (await options.store.readStream('ticket-readiness-probe'), true),
  });
}

/** Until authentication lands, the actor is what the gateway forwards, or anonymous. */
function actorFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.@:-]{1,100}$/.test(value) ? value : 'anonymous';
}
