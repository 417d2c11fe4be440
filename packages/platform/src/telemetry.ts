import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { createRequire } from 'node:module';
import type * as OpenTelemetrySdk from '@opentelemetry/sdk-node';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TRACER_NAME = 'sportskk';
const tracer = () => trace.getTracer(TRACER_NAME);

export interface Telemetry {
  stop(): Promise<void>;
}

/**
 * OpenTelemetry for this process, configured by the standard OTEL_* variables (exporter, endpoint, sampler,
 * resource), and off unless they ask for an exporter (OTEL_TRACES_EXPORTER, or an OTLP endpoint) or `exporter` is
 * given (tests). W3C trace context propagates across every HTTP hop and into event metadata.
 */
export function startTelemetry(
  service: string,
  env: NodeJS.ProcessEnv,
  exporter?: OpenTelemetrySdk.tracing.SpanExporter,
): Telemetry | undefined {
  const asked =
    (env['OTEL_TRACES_EXPORTER'] ?? 'none') !== 'none' ||
    env['OTEL_EXPORTER_OTLP_ENDPOINT'] !== undefined ||
    env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] !== undefined;
  if (env['OTEL_SDK_DISABLED'] === 'true' || (!asked && !exporter)) return undefined;
  // Loaded only when on: the SDK costs a process about 57 MiB and 0.7 s to load.
  const { NodeSDK, tracing } = createRequire(import.meta.url)(
    '@opentelemetry/sdk-node',
  ) as typeof OpenTelemetrySdk;
  const sdk = new NodeSDK({
    serviceName: env['OTEL_SERVICE_NAME'] ?? `sportskk-${service}`,
    // Spans at the boundaries this code owns (HTTP in and out, SQL, the event log, projections) and
    // @apollo/gateway's own: the auto-instrumentations would need an ESM loader hook in every process.
    instrumentations: [],
    ...(exporter && { spanProcessors: [new tracing.SimpleSpanProcessor(exporter)] }),
  });
  sdk.start();
  return { stop: () => sdk.shutdown() };
}

/** Adds the active trace context (W3C `traceparent`, `tracestate`) to outgoing headers or event metadata. */
export function injectTraceContext(carrier: Record<string, unknown>): void {
  propagation.inject(context.active(), carrier);
}

/**
 * A server span for each request but health checks and scrapes, continuing the caller's trace (`traceparent`),
 * active while the request is handled.
 */
export function traceRequest(
  service: string,
  /** A bounded name for the path (paths carry ids). */
  routeOf: (path: string) => string,
): (request: IncomingMessage, response: ServerResponse, path: string, next: () => void) => void {
  return (request, response, path, next) => {
    if (path.startsWith('/health/') || path === '/metrics') return next();
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer().startSpan(
      `${request.method} ${routeOf(path)}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'sportskk.service': service,
          'http.request.method': request.method,
          'url.path': path,
        },
      },
      parent,
    );
    response.once('close', () => {
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
