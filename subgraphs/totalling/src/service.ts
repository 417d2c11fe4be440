import { startHttpService, type Config, type HttpServiceOptions, type Logger, type RunningService } from '@sportskk/service';
import { createTotallingCommands } from './app/totalling-commands.ts';
import { internalTotallingRoutes } from './http/internal-routes.ts';
import type { TotallingStore } from './ports/totalling-store.ts';
import { buildTotallingSchema } from './subgraph.ts';

export interface TotallingServiceOptions {
  readonly config: Config;
  readonly store: TotallingStore;
  readonly logger: Logger;
  readonly metrics: HttpServiceOptions<object>['metrics'];
  readonly port: number;
  readonly host: string;
  /** When the internal endpoint counts or reverses; defaults to the system clock. */
  readonly clock?: () => Date;
}

/** GraphQL on /graphql, the internal count/reverse endpoint, health probes and metrics. */
export async function startTotallingService(options: TotallingServiceOptions): Promise<RunningService> {
  const { config, store, logger } = options;
  const commands = createTotallingCommands({
    store,
    rules: { teams: config.teams, maxBetCredit: config.maxBetCredit },
    clock: options.clock ?? (() => new Date()),
  });
  return startHttpService({
    name: 'totalling',
    host: options.host,
    port: options.port,
    logger,
    metrics: options.metrics,
    graphql: {
      schema: buildTotallingSchema({ store, config }),
      context: async () => ({}),
      introspection: config.introspection,
      sandbox: config.environment === 'development',
    },
    routes: internalTotallingRoutes(commands, logger),
    ready: async () => (await store.ping(), true),
  });
}
