import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import express, { type Express, type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import { Counter, Histogram, type Registry } from 'prom-client';
import { CORRELATION_HEADER, correlationIdFrom, withCorrelationId } from './correlation.ts';
import type { Logger } from './logger.ts';

export interface GraphQLEndpoint<Context extends BaseContext> {
  /** A subgraph's schema, or the gateway. */
  readonly schema?: GraphQLSchema;
  readonly gateway?: GatewayInterface;
  readonly context: (request: Request, correlationId: string) => Promise<Context>;
  readonly introspection: boolean;
  /** Apollo Sandbox on GET /graphql (development); otherwise the production landing page. */
  readonly sandbox: boolean;
  readonly plugins?: ApolloServerPlugin<Context>[];
}

export interface HttpServiceOptions<Context extends BaseContext> {
  readonly name: string;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly graphql?: GraphQLEndpoint<Context>;
  /** Extra routes (e.g. an internal endpoint), mounted before /graphql. */
  readonly routes?: (app: Express) => void;
  /** Readiness beyond "started and not stopping", e.g. the store answers. */
  readonly ready?: () => Promise<boolean>;
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** Readiness turns 503 at once; in-flight requests finish; then the port closes. */
  stop(): Promise<void>;
}

/** One HTTP host for every service: GraphQL, /health/live, /health/ready, /metrics, correlation ids, graceful stop. */
export async function startHttpService<Context extends BaseContext>(options: HttpServiceOptions<Context>): Promise<RunningService> {
  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);
  server.keepAliveTimeout = 65_000; // longer than typical load balancer idle timeouts
  let stopping = false;

  // A restarted service keeps its registry: reuse its metrics.
  const requests =
    (options.metrics.getSingleMetric('http_requests_total') as Counter<'route' | 'status'> | undefined) ??
    new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['route', 'status'], registers: [options.metrics] });
  const durations =
    (options.metrics.getSingleMetric('http_request_duration_seconds') as Histogram<'route'> | undefined) ??
    new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['route'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [options.metrics],
  });
  app.use((request, response, next) => {
    const correlationId = correlationIdFrom(request.headers[CORRELATION_HEADER]);
    response.setHeader(CORRELATION_HEADER, correlationId);
    response.locals.correlationId = correlationId;
    const started = performance.now();
    const path = request.path; // before a mounted router rewrites it
    response.on('finish', () => {
      const route = routeOf(path);
      const seconds = (performance.now() - started) / 1000;
      requests.inc({ route, status: String(response.statusCode) });
      durations.observe({ route }, seconds);
      if (!path.startsWith('/health') && path !== '/metrics') {
        const operationName = (request.body as { operationName?: unknown } | undefined)?.operationName;
        options.logger.info({ correlationId, method: request.method, path, status: response.statusCode, ms: Math.round(seconds * 1000), ...(typeof operationName === 'string' ? { operationName } : {}) }, 'request');
      }
    });
    withCorrelationId(correlationId, next);
  });
  app.get('/health/live', (_request, response) => void response.json({ status: 'ok', service: options.name }));
  app.get('/health/ready', async (_request, response) => {
    const ready = !stopping && (await (options.ready?.() ?? Promise.resolve(true)).catch(() => false));
    response.status(ready ? 200 : 503).json({ status: ready ? 'ready' : stopping ? 'stopping' : 'not ready', service: options.name });
  });
  app.get('/metrics', async (_request, response) => {
    response.setHeader('content-type', options.metrics.contentType);
    response.send(await options.metrics.metrics());
  });
  options.routes?.(app);

  let apollo: ApolloServer<Context> | undefined;
  if (options.graphql) {
    const endpoint = options.graphql;
    const landingPage = endpoint.sandbox
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
      : ApolloServerPluginLandingPageProductionDefault({ footer: false });
    // Inline traces only feed Apollo's hosted usage reporting, which is not used here.
    const tracing = endpoint.gateway ? [] : [ApolloServerPluginInlineTraceDisabled()];
    // stopOnTerminationSignals off: the process's own handler drains every service in order.
    const base = { introspection: endpoint.introspection, stopOnTerminationSignals: false, plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), landingPage, ...tracing, ...(endpoint.plugins ?? [])] };
    apollo = endpoint.gateway ? new ApolloServer<Context>({ ...base, gateway: endpoint.gateway }) : new ApolloServer<Context>({ ...base, schema: endpoint.schema! });
    await apollo.start();
    app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: ({ req, res }) => endpoint.context(req, res.locals.correlationId as string) }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  options.logger.info({ url }, `${options.name} listening`);

  return {
    url,
    port,
    server,
    async stop() {
      stopping = true;
      if (apollo) await apollo.stop(); // its drain plugin closes the server once in-flight requests are done
      else await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      options.logger.info(`${options.name} stopped`);
    },
  };
}

/** A bounded label: known routes by name, everything else as "other" (paths carry ids). */
function routeOf(path: string): string {
  if (path === '/graphql' || path === '/metrics' || path.startsWith('/health/')) return path;
  if (path.startsWith('/internal/')) return '/internal';
  return 'other';
}
