import { randomUUID } from 'node:crypto';
import type { EventStore } from '@sportskk/event-store';
import {
  createServiceTokens,
  enforceAccessPolicy,
  graphqlCallerOf,
  internalCallerOf,
} from '@sportskk/identity';
import { startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import type { Registry } from 'prom-client';
import { createTicketCommands } from './app/ticket-commands.ts';
import type { TicketingConfig } from './config.ts';
import type { TicketingContext } from './graphql/context.ts';
import { buildTicketingSchema, typeDefs } from './graphql/schema.ts';
import { internalTicketingRoutes } from './http/internal-routes.ts';
import type { TotallingService } from './ports/totalling-service.ts';

export interface TicketingOptions {
  readonly config: Pick<TicketingConfig, 'service' | 'rules' | 'serviceKeys'>;
  readonly events: EventStore;
  readonly totalling: TotallingService;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/**
 * Ticketing over HTTP: GraphQL on /graphql for the gateway only, the internal approve endpoint for the projections
 * worker only (each proves itself with a service token), health probes and metrics open.
 */
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
  const tokens = createServiceTokens({ keys: options.config.serviceKeys, self: 'ticketing' });
  const fromGateway = graphqlCallerOf(tokens, ['gateway']);
  const fromProjections = internalCallerOf(tokens, ['projections']);
  return startHttpService<TicketingContext>({
    name: 'ticketing',
    settings: options.config.service,
    logger,
    metrics: options.metrics,
    graphql: {
      schema: buildTicketingSchema(commands),
      context: async (request, correlationId) => ({
        correlationId,
        identity: (await fromGateway(request)).identity,
      }),
      plugins: [enforceAccessPolicy<TicketingContext>(typeDefs, (context) => context.identity)],
    },
    internalRoutes: internalTicketingRoutes(
      commands,
      logger,
      async (request) => (await fromProjections(request)).caller,
    ),
    ready: async () => (await options.events.readStream('ticket-readiness-probe'), true),
  });
}
