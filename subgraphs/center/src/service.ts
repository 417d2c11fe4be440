import { startHttpService, type Config, type HttpServiceOptions, type Logger, type RunningService } from '@sportskk/service';
import type { TicketViewStore } from './ports/ticket-view-store.ts';
import { buildCenterSchema, createCenterSubgraph } from './subgraph.ts';

export interface CenterServiceOptions {
  readonly config: Config;
  readonly store: TicketViewStore;
  readonly logger: Logger;
  /** The service's Prometheus registry (createMetricsRegistry). */
  readonly metrics: HttpServiceOptions<object>['metrics'];
  readonly port: number;
  readonly host: string;
}

/** The center subgraph over HTTP: /graphql, health probes (ready = the view store answers) and /metrics. */
export function startCenterService(options: CenterServiceOptions): Promise<RunningService> {
  return startHttpService({
    name: 'center',
    host: options.host,
    port: options.port,
    logger: options.logger,
    metrics: options.metrics,
    graphql: {
      schema: buildCenterSchema(createCenterSubgraph({ store: options.store })),
      context: async () => ({}),
      introspection: options.config.introspection,
      sandbox: options.config.environment === 'development',
    },
    ready: async () => (await options.store.ping(), true),
  });
}
