import type { EventStore } from '@sportskk/event-store';
import {
  createServiceTokens,
  enforceAccessPolicy,
  graphqlCallerOf,
  internalCallerOf,
  subgraphSubscriptions,
} from '@sportskk/identity';
import { readGauge, startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import {
  createProjectionMetrics,
  startProjection,
  type ProjectionRunOptions,
} from '@sportskk/projection-runner';
import type { Registry } from 'prom-client';
import { createEventStoreTicketLog } from './adapters/event-log/event-store-ticket-log.ts';
import { createTeamTotalsProjection } from './app/team-totals-projection.ts';
import { createTotallingCommands } from './app/totalling-commands.ts';
import { startTotalsFeed } from './app/totals-feed.ts';
import type { TotallingConfig } from './config.ts';
import type { TotallingContext } from './graphql/context.ts';
import { buildTotallingSchema, typeDefs } from './graphql/schema.ts';
import { internalTotallingRoutes } from './http/internal-routes.ts';
import type { TicketLog } from './ports/ticket-log.ts';
import type { TotallingStore } from './ports/totalling-store.ts';

export interface TotallingOptions {
  readonly config: Pick<TotallingConfig, 'service' | 'rules' | 'serviceKeys'>;
  readonly store: TotallingStore;
  /** The log the totals projection follows and (unless `log` is given) the sync calls are checked against. */
  readonly events: EventStore;
  readonly log?: TicketLog;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Makes its projection one active consumer among replicas (see ProjectionRunOptions.lease). */
  readonly lease?: ProjectionRunOptions['lease'];
  /** When the internal endpoint and the projection count or reverse; defaults to the system clock. */
  readonly clock?: () => Date;
}

/**
 * GraphQL on /graphql for the gateway only, the internal count/reverse endpoint for ticketing only, health and
 * metrics open; and the totals projection.
 */
export async function startTotalling(options: TotallingOptions): Promise<RunningService> {
  const { config, store, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const commands = createTotallingCommands({
    store,
    log: options.log ?? createEventStoreTicketLog(options.events),
    rules: config.rules,
    clock,
  });
  const tokens = createServiceTokens({ keys: config.serviceKeys, self: 'totalling' });
  const fromGateway = graphqlCallerOf(tokens, ['gateway']);
  const fromTicketing = internalCallerOf(tokens, ['ticketing']);
  const projection = startProjection(options.events, createTeamTotalsProjection(store, { clock }), {
    logger,
    metrics: createProjectionMetrics(options.metrics),
    ...(options.lease && { lease: options.lease }),
  });
  const totals = await startTotalsFeed(store, { teams: config.rules.teams, logger });
  readGauge(options.metrics, 'totals_feed_watchers', 'Open teamTotalsChanged subscriptions', () =>
    totals.watchers(),
  );
  const schema = buildTotallingSchema(store, config.rules, totals);
  return startHttpService<TotallingContext>({
    name: 'totalling',
    settings: config.service,
    logger,
    metrics: options.metrics,
    websocket: subgraphSubscriptions<TotallingContext>({
      schema,
      typeDefs,
      tokens,
      callers: ['gateway'],
      context: (identity) => ({ identity }),
    }),
    graphql: {
      schema,
      context: async (request) => ({
        identity: (await fromGateway(request)).identity,
      }),
      plugins: [enforceAccessPolicy<TotallingContext>(typeDefs, (context) => context.identity)],
    },
    internalRoutes: internalTotallingRoutes(
      commands,
      logger,
      async (request) => (await fromTicketing(request)).caller,
    ),
    ready: async () => (await store.ping(), true),
    alongside: [projection, totals],
  });
}
