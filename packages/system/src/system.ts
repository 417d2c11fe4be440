import type { DestinationStream } from 'pino';
import { startCenterService } from '@sportskk/center';
import { startGatewayService } from '@sportskk/gateway';
import type { RunningProjection } from '@sportskk/projections';
import { collectProcessMetrics, createLogger, createMetricsRegistry, startHttpService, type Config, type RunningService } from '@sportskk/service';
import { createHttpTotallingService, startTicketingService } from '@sportskk/ticketing';
import { createTotallingStore, startTotallingService } from '@sportskk/totalling';
import { projectionWorkers } from './projection-workers.ts';
import { openStores, type Stores } from './stores.ts';

export interface SystemOptions {
  /** Where the JSON logs go (default stdout). */
  readonly logDestination?: DestinationStream;
}

export interface System {
  readonly urls: { readonly gateway: string; readonly ticketing: string; readonly totalling: string; readonly center: string; readonly projections: string };
  readonly stores: Stores;
  /** The totalling side (its service and its projection), to take down and bring back. */
  readonly totalling: { stop(): Promise<void>; start(): Promise<void> };
  stop(): Promise<void>;
}

/** Everything in one process over one set of stores: three subgraphs, the projections, the gateway. */
export async function startSystem(config: Config, options: SystemOptions = {}): Promise<System> {
  const logger = (service: string) => createLogger(service, config.logLevel, options.logDestination);
  const registry = (service: string) => createMetricsRegistry(service);
  const host = config.host;
  const stores = await openStores(config, logger('system'));
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const totallingStore = await createTotallingStore(stores.sql);
    const totallingMetrics = registry('totalling');
    const totallingLogger = logger('totalling');
    const projectionsLogger = logger('projections');
    const projectionsMetrics = registry('projections');
    collectProcessMetrics(projectionsMetrics);

    const firstTotalling = await startTotallingService({ config, store: totallingStore, logger: totallingLogger, metrics: totallingMetrics, port: config.ports.totalling, host });
    let totallingService: RunningService | undefined = firstTotalling;
    started.push({ stop: async () => void (await totallingService?.stop()) });
    const totallingPort = firstTotalling.port;

    const ticketingLogger = logger('ticketing');
    const ticketingMetrics = registry('ticketing');
    const totallingClient = createHttpTotallingService({ baseUrl: `http://127.0.0.1:${totallingPort}`, breaker: config.breaker, logger: ticketingLogger, metrics: ticketingMetrics });
    started.push({ stop: async () => totallingClient.close() });
    const ticketing = await startTicketingService({ config, store: stores.events, totalling: totallingClient, logger: ticketingLogger, metrics: ticketingMetrics, port: config.ports.ticketing, host });
    started.push(ticketing);
    const center = await startCenterService({ config, store: stores.views, logger: logger('center'), metrics: registry('center'), port: config.ports.center, host });
    started.push(center);

    const workers = await projectionWorkers({ config, events: stores.events, views: stores.views, totalling: totallingStore, sql: stores.sql, logger: projectionsLogger, metrics: projectionsMetrics });
    let totalsProjection: RunningProjection | undefined = workers.startTotals();
    started.push({ stop: async () => void (await totalsProjection?.stop()) });
    started.push(workers.startView(), workers.startApproval());
    const projections = await startHttpService({ name: 'projections', host, port: config.ports.projections, logger: projectionsLogger, metrics: projectionsMetrics });
    started.push(projections);

    const local = (service: RunningService) => `http://127.0.0.1:${service.port}/graphql`;
    const subgraphUrls = { ticketing: local(ticketing), totalling: local(firstTotalling), center: local(center) };
    const gatewayMetrics = registry('gateway');
    collectProcessMetrics(gatewayMetrics);
    const gateway = await startGatewayService({ config: { ...config, subgraphUrls }, logger: logger('gateway'), metrics: gatewayMetrics, port: config.ports.gateway, host, watchSchemas: config.environment === 'development' });
    started.push(gateway);

    return {
      urls: { gateway: `${gateway.url}/graphql`, ...subgraphUrls, projections: projections.url },
      stores,
      totalling: {
        async stop() {
          await totalsProjection?.stop();
          await totallingService?.stop();
          totalsProjection = undefined;
          totallingService = undefined;
        },
        async start() {
          totallingService ??= await startTotallingService({ config, store: totallingStore, logger: totallingLogger, metrics: totallingMetrics, port: totallingPort, host });
          totalsProjection ??= workers.startTotals();
        },
      },
      stop: () => stopAll(started, stores),
    };
  } catch (error) {
    await stopAll(started, stores).catch(() => undefined);
    throw error;
  }
}

/** Stops parts newest first, each even if another failed, and always closes the stores; reports every failure. */
async function stopAll(parts: ReadonlyArray<{ stop(): Promise<void> }>, stores: Stores): Promise<void> {
  const failures: unknown[] = [];
  for (const part of [...parts].reverse()) await part.stop().catch((error: unknown) => failures.push(error));
  await stores.close().catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, 'Some parts failed to stop');
}
