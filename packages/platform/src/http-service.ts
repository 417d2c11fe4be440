import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenInternal } from './internal-listener.ts';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import express, { type Express } from 'express';
import type { GraphQLFormattedError, GraphQLSchema, ValidationRule } from 'graphql';
import type { Registry } from 'prom-client';
import {
  graphqlOverHttpStatus,
  logUnexpectedErrors,
  maskUnexpectedErrors,
} from './graphql-errors.ts';
import { serveGraphQLOverWebSocket, type GraphQLWebSocketOptions } from './graphql-websocket.ts';
import { graphqlMetrics } from './graphql-metrics.ts';
import type { Logger } from './logger.ts';
import { readGauge } from './metrics.ts';
import { graphqlOverHttp, type GraphQLHttpRequest } from './graphql-over-http.ts';
import type { InternalEndpoint } from './internal-routes.ts';
import { writeJson } from './json-response.ts';
import { pathOf, requestInstrumentation } from './request-instrumentation.ts';
import { partStack, type Part } from './process.ts';
import type { ServiceSettings } from './settings.ts';

export interface GraphQLEndpoint<Context extends BaseContext> {
  /** A subgraph's schema, or the gateway. */
  readonly schema?: GraphQLSchema;
  readonly gateway?: GatewayInterface;
  /** May throw a GraphQLError (e.g. UNAUTHENTICATED with `extensions.http.status`): the request ends with it. */
  readonly context: (request: GraphQLHttpRequest, correlationId: string) => Promise<Context>;
  readonly plugins?: ApolloServerPlugin<Context>[];
  readonly validationRules?: ValidationRule[];
  /** Applied to every error sent; in production, unexpected errors are masked after it. */
  readonly formatError?: (
    formatted: GraphQLFormattedError,
    error: unknown,
  ) => GraphQLFormattedError;
  /** Largest request body (bytes); default 1 MB. A larger one is answered 413 PAYLOAD_TOO_LARGE. */
  readonly bodyLimitBytes?: number;
  /** Parsing stops past this many tokens, before any validation work (GRAPHQL_PARSE_FAILED unless formatError says otherwise). */
  readonly maxTokens?: number;
}

export interface HttpServiceOptions<Context extends BaseContext> {
  readonly name: string;
  /** Host, port, and whether introspection and Apollo Sandbox are on. */
  readonly settings: Pick<
    ServiceSettings,
    'environment' | 'host' | 'port' | 'introspection' | 'sandbox' | 'shutdown'
  > &
    Partial<Pick<ServiceSettings, 'internalPort'>>;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly graphql?: GraphQLEndpoint<Context>;
  /** Extra public routes (e.g. the admin page), mounted before /graphql. */
  readonly routes?: (app: Express) => void;
  /** The internal endpoint (see internalRoutes), for /internal/…: on INTERNAL_PORT when set, else on the public port. */
  readonly internalRoutes?: InternalEndpoint;
  /** Readiness beyond "started and not stopping", e.g. the store answers. */
  readonly ready?: () => Promise<boolean>;
  /** GraphQL subscriptions (and any operation) over graphql-ws on `/graphql`; clients are sent away on stop. */
  readonly websocket?: GraphQLWebSocketOptions;
  /** Already started parts of the service (e.g. its projection): stopped after the HTTP server, or if it fails to start. */
  readonly alongside?: readonly Part[];
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  /** Where the internal endpoint listens, when it has a port of its own. */
  readonly internalPort?: number;
  readonly server: Server;
  /**
   * Readiness turns 503 at once while everything else is still served for the shutdown delay; then the port closes,
   * requests in flight get the grace period, and every socket is closed.
   */
  stop(): Promise<void>;
}

/** One HTTP host for every service: GraphQL, /health/live, /health/ready, /metrics, correlation ids, graceful stop. */
export async function startHttpService<Context extends BaseContext>(
  options: HttpServiceOptions<Context>,
): Promise<RunningService> {
  const parts = partStack();
  for (const part of options.alongside ?? []) parts.push(part);
  try {
    const http = parts.push(await serveHttp(options));
    return { ...http, stop: () => parts.stop() };
  } catch (error) {
    await parts.stop().catch(() => undefined);
    throw error;
  }
}

async function serveHttp<Context extends BaseContext>(
  options: HttpServiceOptions<Context>,
): Promise<RunningService> {
  const { settings, logger } = options;
  const app = express();
  app.disable('x-powered-by');
  const server = createServer();
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  // A client that sends its request slowly is cut off (slowloris): headers in 10 s, the whole request in 30 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  let stopping = false;

  const instrumentation = requestInstrumentation({ ...options, draining: () => stopping });
  app.use((request, response, next) =>
    instrumentation(request, response, (correlationId) => {
      response.locals.correlationId = correlationId;
      next();
    }),
  );
  const live = { status: 'ok', service: options.name };
  app.get('/health/live', (_request, response) => void response.json(live));
  app.get('/health/ready', async (_request, response) => {
    const ready =
      !stopping && (await (options.ready?.() ?? Promise.resolve(true)).catch(() => false));
    const status = ready ? 'ready' : stopping ? 'stopping' : 'not ready';
    response.status(ready ? 200 : 503).json({ status, service: options.name });
  });
  app.get('/metrics', async (_request, response) => {
    response.setHeader('content-type', options.metrics.contentType);
    response.send(await options.metrics.metrics());
  });
  // The internal endpoint on a port of its own (INTERNAL_PORT), so a network policy can tell its callers apart;
  // liveness there too, nothing else.
  const internalRoutes = options.internalRoutes;
  const internal =
    internalRoutes && settings.internalPort !== undefined
      ? await listenInternal(
          (request, response) =>
            instrumentation(request, response, (correlationId) => {
              const path = pathOf(request.url);
              if (isInternal(path)) internalRoutes(request, response, correlationId);
              else if (path === '/health/live') writeJson(response, 200, live);
              else writeJson(response, 404, { code: 'NOT_FOUND', message: `No route ${path}` });
            }),
          settings,
          logger,
          options.name,
        )
      : undefined;
  const publicInternalRoutes = internal ? undefined : internalRoutes;
  options.routes?.(app);

  // A start that fails after the internal listener opened closes it again.
  const unlessStarted = async (error: unknown): Promise<never> => {
    await internal?.stop();
    throw error;
  };
  const apollo = options.graphql
    ? await startApollo(options.graphql, settings, server, logger, options.metrics).catch(
        unlessStarted,
      )
    : undefined;
  // GraphQL on exactly /graphql (see graphqlOverHttp).
  const graphql =
    apollo &&
    graphqlOverHttp(apollo, {
      context: options.graphql!.context,
      bodyLimitBytes: options.graphql!.bodyLimitBytes ?? 1_000_000,
      logger,
    });
  // GraphQL and the internal routes outside Express, with the same instrumentation; every other path is the app's.
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const path = pathOf(request.url);
    if (graphql && path === '/graphql')
      instrumentation(request, response, (correlationId) =>
        graphql(request, response, correlationId),
      );
    else if (publicInternalRoutes && isInternal(path))
      instrumentation(request, response, (correlationId) =>
        publicInternalRoutes(request, response, correlationId),
      );
    else app(request, response);
  });

  const websocket = options.websocket && serveGraphQLOverWebSocket(server, options.websocket);
  if (websocket)
    readGauge(options.metrics, 'graphql_ws_connections', 'Open graphql-ws connections', () =>
      websocket.clients(),
    );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  }).catch(unlessStarted);
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  logger.info({ url }, `${options.name} listening`);

  return {
    url,
    port,
    server,
    ...(internal && { internalPort: internal.port }),
    async stop() {
      stopping = true;
      const { delayMs, graceMs } = settings.shutdown;
      logger.info({ delayMs, graceMs }, `${options.name} draining: not ready, still serving`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await websocket?.stop(); // subscribers reconnect elsewhere and resume from their cursors
      if (apollo)
        await apollo.stop(); // its drain plugin closes the listener and waits for requests in flight, up to graceMs
      else await closeListener(server, graceMs);
      server.closeAllConnections();
      await internal?.stop();
      logger.info(`${options.name} stopped`);
    },
  };
}

async function startApollo<Context extends BaseContext>(
  endpoint: GraphQLEndpoint<Context>,
  settings: Pick<ServiceSettings, 'environment' | 'introspection' | 'sandbox' | 'shutdown'>,
  server: Server,
  logger: Logger,
  metrics: Registry,
): Promise<ApolloServer<Context>> {
  const landingPage = settings.sandbox
    ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
    : ApolloServerPluginLandingPageProductionDefault({ footer: false });
  // Inline traces only feed Apollo's hosted usage reporting, which is not used here.
  const tracing = endpoint.gateway ? [] : [ApolloServerPluginInlineTraceDisabled()];
  const plugins = [
    ApolloServerPluginDrainHttpServer({
      httpServer: server,
      stopGracePeriodMillis: settings.shutdown.graceMs,
    }),
    landingPage,
    ...tracing,
    ...(endpoint.plugins ?? []),
  ];
  // stopOnTerminationSignals off: the process's own handler drains every part in order.
  const base = {
    introspection: settings.introspection,
    stopOnTerminationSignals: false,
    plugins: [
      ...plugins,
      graphqlOverHttpStatus<Context>(),
      logUnexpectedErrors<Context>(logger),
      graphqlMetrics<Context>(metrics),
    ],
    validationRules: endpoint.validationRules ?? [],
    ...(endpoint.maxTokens === undefined
      ? {}
      : { parseOptions: { maxTokens: endpoint.maxTokens } }),
    // Stack traces only in development; in production unexpected errors are masked.
    includeStacktraceInErrorResponses: settings.environment === 'development',
    formatError: (formatted: GraphQLFormattedError, error: unknown) => {
      const shaped = endpoint.formatError ? endpoint.formatError(formatted, error) : formatted;
      return settings.environment === 'production' ? maskUnexpectedErrors(shaped) : shaped;
    },
  };
  const apollo = endpoint.gateway
    ? new ApolloServer<Context>({ ...base, gateway: endpoint.gateway })
    : new ApolloServer<Context>({ ...base, schema: endpoint.schema! });
  await apollo.start();
  return apollo;
}

const isInternal = (path: string) => path === '/internal' || path.startsWith('/internal/');

/** Stops accepting connections and waits for requests in flight, cutting whatever is left after `graceMs`. */
async function closeListener(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(cut);
}
