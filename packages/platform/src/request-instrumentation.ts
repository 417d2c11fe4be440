import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import { CORRELATION_HEADER, correlationIdFrom, withCorrelationId } from './correlation.ts';
import type { Logger } from './logger.ts';
import { httpMetrics } from './metrics.ts';
import { traceRequest } from './telemetry.ts';

/** Runs `next` inside the request's trace and correlation id, given that id. */
export type RequestInstrumentation = (
  request: IncomingMessage,
  response: ServerResponse,
  next: (correlationId: string) => void,
) => void;

/** The path of a request target, without its query. */
export const pathOf = (url = '/'): string => {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/** A bounded label: known routes by name, everything else as "other" (paths carry ids). */
function routeOf(path: string): string {
  if (path === '/graphql' || path === '/metrics' || path.startsWith('/health/')) return path;
  if (path.startsWith('/internal/')) return '/internal';
  return 'other';
}

/**
 * Traces, correlation ids, metrics and request logs, on Node's own request and response (so with or without
 * Express). While `draining()`, each answer closes its connection: keep-alive clients reconnect elsewhere.
 */
export function requestInstrumentation(options: {
  readonly name: string;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly draining: () => boolean;
}): RequestInstrumentation {
  const { requests, durations } = httpMetrics(options.metrics);
  const trace = traceRequest(options.name, routeOf);
  return (request, response, next) => {
    const path = pathOf(request.url);
    trace(request, response, path, () => {
      const correlationId = correlationIdFrom(request.headers[CORRELATION_HEADER]);
      response.setHeader(CORRELATION_HEADER, correlationId);
      if (options.draining()) response.setHeader('connection', 'close');
      const started = performance.now();
      response.on('finish', () => {
        const route = routeOf(path);
        const seconds = (performance.now() - started) / 1000;
        requests.inc({ route, status: String(response.statusCode) });
        durations.observe({ route }, seconds);
        if (path.startsWith('/health') || path === '/metrics') return;
        const operationName = (request as { body?: { operationName?: unknown } }).body
          ?.operationName;
        const named = typeof operationName === 'string' ? { operationName } : {};
        options.logger.info(
          {
            correlationId,
            method: request.method,
            path,
            status: response.statusCode,
            ms: Math.round(seconds * 1000),
            ...named,
          },
          'request',
        );
      });
      withCorrelationId(correlationId, () => next(correlationId));
    });
  };
}
