import type { EventStore } from '@sportskk/event-store';
import {
  createServiceTokens,
  enforceAccessPolicy,
  graphqlCallerOf,
  subgraphSubscriptions,
} from '@sportskk/identity';
import { readGauge, startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import {
  createProjectionMetrics,
  startProjection,
  type ProjectionRunOptions,
} from '@sportskk/projection-runner';
import type { Registry } from 'prom-client';
import { startStatusFeed } from './app/status-feed.ts';
import { createTicketViewProjection } from './app/ticket-view-projection.ts';
import type { CenterConfig } from './config.ts';
import type { CenterContext } from './graphql/context.ts';
import { buildCenterSchema, typeDefs } from './graphql/schema.ts';
import type { TicketViewStore } from './ports/ticket-view-store.ts';

export interface CenterOptions {
  readonly config: Pick<CenterConfig, 'service' | 'serviceKeys'>;
  readonly store: TicketViewStore;
  /** The log the view projection follows. */
  readonly events: EventStore;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Makes its projection one active consumer among replicas (see ProjectionRunOptions.lease). */
  readonly lease?: ProjectionRunOptions['lease'];
}

/**
 * The center over HTTP (/graphql for the gateway only, also over graphql-ws for subscriptions; health: ready while
 * the view store answers; /metrics), its view projection and its status feed.
 */
export async function startCenter(options: CenterOptions): Promise<RunningService> {
  const { store, logger, events } = options;
  const tokens = createServiceTokens({ keys: options.config.serviceKeys, self: 'center' });
  const fromGateway = graphqlCallerOf(tokens, ['gateway']);
  const feed = await startStatusFeed(events, { logger });
  readGauge(options.metrics, 'status_feed_watchers', 'Open ticketStatusChanged subscriptions', () =>
    feed.watchers(),
  );
  const projection = startProjection(events, createTicketViewProjection(store), {
    logger,
    metrics: createProjectionMetrics(options.metrics),
    ...(options.lease && { lease: options.lease }),
  });
  const schema = buildCenterSchema(store, { feed, eventStore: events.kind });
  return startHttpService<CenterContext>({
    name: 'center',
    settings: options.config.service,
    logger,
    metrics: options.metrics,
    websocket: subgraphSubscriptions<CenterContext>({
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
      plugins: [enforceAccessPolicy<CenterContext>(typeDefs, (context) => context.identity)],
    },
    ready: async () => (await store.ping(), true),
    alongside: [projection, feed],
  });
}
