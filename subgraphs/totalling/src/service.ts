import type { EventStore } from '@sportskk/event-store';
import { startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import { createProjectionMetrics, startProjection } from '@sportskk/projection-runner';
import type { Registry } from 'prom-client';
import { createTeamTotalsProjection } from './app/team-totals-projection.ts';
import { createTotallingCommands } from './app/totalling-commands.ts';
import type { TotallingConfig } from './config.ts';
import { buildTotallingSchema } from './graphql/schema.ts';
import type { TotallingContext } from './graphql/context.ts';
import { internalTotallingRoutes } from './http/internal-routes.ts';
import type { TotallingStore } from './ports/totalling-store.ts';

export interface TotallingOptions {
  readonly config: Pick<TotallingConfig, 'service' | 'rules'>;
  readonly store: TotallingStore;
  /** The log the totals projection follows. */
  readonly events: EventStore;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** When the internal endpoint and the projection count or reverse; defaults to the system clock. */
  readonly clock?: () => Date;
}

/** GraphQL on /graphql, the internal count/reverse endpoint, health and metrics; and the totals projection. */
export async function startTotalling(options: TotallingOptions): Promise<RunningService> {
  const { config, store, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const commands = createTotallingCommands({ store, rules: config.rules, clock });
  const projection = startProjection(options.events, createTeamTotalsProjection(store, { clock }), {
    logger,
    metrics: createProjectionMetrics(options.metrics),
  });
  return startHttpService<TotallingContext>({
    name: 'totalling',
    settings: config.service,
    logger,
    metrics: options.metrics,
    graphql: { schema: buildTotallingSchema(store, config.rules), context: async () => ({}) },
    routes: internalTotallingRoutes(commands, logger),
    ready: async () => (await store.ping(), true),
    alongside: [projection],
  });
}
