import type { DestinationStream } from 'pino';
import { createTicketViewProjection, startCenterService } from '@sportskk/center';
import { startGatewayService } from '@sportskk/gateway';
import { createApprovalProcessManager, createProjectionMetrics, createSqlCheckpointStore, startProjection, type RunningProjection } from '@sportskk/projections';
import { collectProcessMetrics, createLogger, createMetricsRegistry, startHttpService, type Config, type RunningService } from '@sportskk/service';
import { createHttpTotallingService, loadTicket, startTicketingService, ticketCommandsFor } from '@sportskk/ticketing';
import { createTeamTotalsProjection, createTotallingStore, startTotallingService } from '@sportskk/totalling';
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
    const projectionMetrics = createProjectionMetrics(projectionsMetrics);
    const project = (target: Parameters<typeof startProjection>[1]) => startProjection(stores.events, target, { logger: projectionsLogger, metrics: projectionMetrics });

    let totallingService: RunningService | undefined = await startTotallingService({ config, store: totallingStore, logger: totallingLogger, metrics: totallingMetrics, port: config.ports.totalling, host });
    const totallingPort = totallingService.port;
    let totalsProjection: RunningProjection | undefined = project(createTeamTotalsProjection(totallingStore));

    const ticketingLogger = logger('ticketing');
    const ticketingMetrics = registry('ticketing');
    const totallingClient = createHttpTotallingService({ baseUrl: `http://127.0.0.1:${totallingPort}`, breaker: config.breaker, logger: ticketingLogger, metrics: ticketingMetrics });
    started.push({ stop: async () => totallingClient.close() });
    const ticketing = await startTicketingService({ config, store: stores.events, totalling: totallingClient, logger: ticketingLogger, metrics: ticketingMetrics, port: config.ports.ticketing, host });
    started.push(ticketing);
    const center = await startCenterService({ config, store: stores.views, logger: logger('center'), metrics: registry('center'), port: config.ports.center, host });
    started.push(center);

    const commands = ticketCommandsFor({ config, store: stores.events, totalling: totallingClient, logger: projectionsLogger });
    const checkpoints = await createSqlCheckpointStore(stores.sql);
    const workers = [
      project(createTicketViewProjection(stores.views)),
      project(
        createApprovalProcessManager(
          {
            ticketStatus: async (ticketId) => {
              const state = (await loadTicket(stores.events, ticketId)).state;
              return state.status === 'NONE' ? undefined : state.status;
            },
            isCounted: async (ticketId) => (await totallingStore.ticketRecord(ticketId))?.counted === true,
            approve: async (ticketId, purchase) => {
              const result = await commands.approveTicket(ticketId, { correlationId: purchase.metadata.correlationId, actor: 'approval-process-manager' }, purchase.id);
              if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
            },
          },
          { checkpoints, logger: projectionsLogger },
        ),
      ),
    ];
    started.push(...workers);
    started.push({ stop: async () => void (await totalsProjection?.stop()) });
    started.push({ stop: async () => void (await totallingService?.stop()) });
    const projections = await startHttpService({ name: 'projections', host, port: config.ports.projections, logger: projectionsLogger, metrics: projectionsMetrics });
    started.push(projections);

    const local = (service: RunningService) => `http://127.0.0.1:${service.port}/graphql`;
    const subgraphUrls = { ticketing: local(ticketing), totalling: local(totallingService), center: local(center) };
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
          totalsProjection ??= project(createTeamTotalsProjection(totallingStore));
        },
      },
      async stop() {
        for (const part of started.reverse()) await part.stop();
        await stores.close();
      },
    };
  } catch (error) {
    for (const part of started.reverse()) await part.stop().catch(() => undefined);
    await stores.close();
    throw error;
  }
}
