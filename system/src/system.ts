import { startCenter } from '@sportskk/center';
import { startGateway } from '@sportskk/gateway';
import { createServiceTokens } from '@sportskk/identity';
import {
  collectProcessMetrics,
  createLogger,
  createMetricsRegistry,
  partStack,
  type RunningService,
} from '@sportskk/platform';
import { createHttpTicketing, startProjections } from '@sportskk/projections';
import { createSqlCheckpointStore, sqlProjectionLease } from '@sportskk/projection-runner';
import { createHttpTotallingService, startTicketing } from '@sportskk/ticketing';
import { createTotallingStore, startTotalling } from '@sportskk/totalling';
import type { DestinationStream } from 'pino';
import type { SystemConfig } from './config.ts';
import { openSystemStores, type SystemStores } from './stores.ts';

export interface SystemOptions {
  /** Where the JSON logs go (default stdout). */
  readonly logDestination?: DestinationStream;
}

export interface System {
  readonly urls: {
    readonly gateway: string;
    readonly ticketing: string;
    readonly totalling: string;
    readonly center: string;
    readonly projections: string;
  };
  readonly stores: SystemStores;
  /** Totalling (its service and its projection), to take down and bring back on its port. */
  readonly totalling: Restartable;
  /** The center (its service, view projection and status feed), likewise. */
  readonly center: Restartable;
  /** The gateway, likewise (a fresh metrics registry each start). */
  readonly gateway: Restartable;
  stop(): Promise<void>;
}

/** Everything in one process over one set of stores: the three subgraphs, the projections worker, the gateway. */
export async function startSystem(
  config: SystemConfig,
  options: SystemOptions = {},
): Promise<System> {
  const logger = (service: string) =>
    createLogger(service, config.service.logLevel, options.logDestination);
  const registry = (service: string, processMetrics = false) => {
    const metrics = createMetricsRegistry(service);
    if (processMetrics) collectProcessMetrics(metrics);
    return metrics;
  };
  const parts = partStack();
  try {
    const stores = await openSystemStores(config, logger('system'), parts);
    const local = (service: { port: number }, path = '') =>
      `http://127.0.0.1:${service.port}${path}`;

    const totallingStore = await createTotallingStore(stores.sql, {
      eventStore: stores.events.kind,
    });
    // Each projection one active consumer, as among replicas (here: a lease per projection on this database).
    const lease = sqlProjectionLease(stores.sql);
    const totallingDeps = {
      config: config.totalling,
      store: totallingStore,
      events: stores.events,
      logger: logger('totalling'),
      metrics: registry('totalling'),
      lease,
    };
    const totalling = parts.push(
      await restartable(config.totalling.service.port, (port) =>
        startTotalling({
          ...totallingDeps,
          config: { ...config.totalling, service: { ...config.totalling.service, port } },
        }),
      ),
    );
    const totallingPort = totalling.port;

    const ticketingLogger = logger('ticketing');
    const ticketingMetrics = registry('ticketing');
    const client = createHttpTotallingService({
      baseUrl: `http://127.0.0.1:${totallingPort}`,
      tokens: createServiceTokens({ keys: config.ticketing.serviceKeys, self: 'ticketing' }),
      breaker: config.ticketing.breaker,
      logger: ticketingLogger,
      metrics: ticketingMetrics,
    });
    parts.push({ stop: async () => client.close() });
    const ticketing = parts.push(
      await startTicketing({
        config: config.ticketing,
        events: stores.events,
        totalling: client,
        logger: ticketingLogger,
        metrics: ticketingMetrics,
      }),
    );
    const centerLogger = logger('center');
    const centerMetrics = registry('center');
    const center = parts.push(
      await restartable(config.center.service.port, (port) =>
        startCenter({
          config: { ...config.center, service: { ...config.center.service, port } },
          store: stores.views,
          events: stores.events,
          logger: centerLogger,
          metrics: centerMetrics,
          lease,
        }),
      ),
    );

    const approvals = createHttpTicketing({
      baseUrl: local(ticketing),
      timeoutMs: config.projections.peerTimeoutMs,
      tokens: createServiceTokens({
        keys: config.projections.serviceKeys,
        self: 'projections',
      }),
    });
    parts.push({ stop: async () => approvals.close() });
    const checkpoints = await createSqlCheckpointStore(stores.sql, {
      eventStore: stores.events.kind,
    });
    const projectionsMetrics = registry('projections', true);
    const projections = parts.push(
      await startProjections({
        config: config.projections,
        events: stores.events,
        checkpoints,
        ticketing: approvals,
        logger: logger('projections'),
        metrics: projectionsMetrics,
        lease,
      }),
    );

    const subgraphUrls = {
      ticketing: local(ticketing, '/graphql'),
      totalling: local(totalling, '/graphql'),
      center: local(center, '/graphql'),
    };
    const gatewayLogger = logger('gateway');
    const gateway = parts.push(
      await restartable(config.gateway.service.port, (port) =>
        startGateway({
          config: {
            ...config.gateway,
            subgraphUrls,
            service: { ...config.gateway.service, port },
          },
          logger: gatewayLogger,
          metrics: registry('gateway', true),
        }),
      ),
    );
    const gatewayUrl = `http://127.0.0.1:${gateway.port}`;

    return {
      urls: { gateway: `${gatewayUrl}/graphql`, ...subgraphUrls, projections: projections.url },
      stores,
      totalling,
      center,
      gateway,
      stop: () => parts.stop(),
    };
  } catch (error) {
    await parts.stop().catch(() => undefined);
    throw error;
  }
}

/** A service to take down and bring back on the same port. */
export interface Restartable {
  readonly port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function restartable(
  port: number,
  begin: (port: number) => Promise<RunningService>,
): Promise<Restartable> {
  let running: RunningService | undefined = await begin(port);
  const bound = running.port;
  return {
    port: bound,
    async stop() {
      await running?.stop();
      running = undefined;
    },
    async start() {
      running ??= await begin(bound);
    },
  };
}
