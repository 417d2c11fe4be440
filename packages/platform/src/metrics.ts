import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** One registry per service (no global one): several services may share a process. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  return registry;
}

/** Process metrics (CPU, memory, event loop) once per process, on the registry that exports them. */
export function collectProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
}

/** A metric of the registry by name, created once: a restarted service keeps its registry and its metrics. */
export function metricOnce<Metric>(registry: Registry, name: string, create: () => Metric): Metric {
  return (registry.getSingleMetric(name) as Metric | undefined) ?? create();
}

/**
 * A gauge read when scraped, e.g. open connections. Created once per registry; a restarted service's `read`
 * replaces the stopped one's.
 */
export function readGauge(
  registry: Registry,
  name: string,
  help: string,
  read: () => number,
): void {
  const gauge = metricOnce(
    registry,
    name,
    () =>
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          readers.get(this)?.();
        },
      }),
  );
  readers.set(gauge, () => gauge.set(read()));
}

const readers = new WeakMap<object, () => void>();

/** Requests by route and status, and their durations by route. */
export function httpMetrics(registry: Registry) {
  const requests = metricOnce(
    registry,
    'http_requests_total',
    () =>
      new Counter({
        name: 'http_requests_total',
        help: 'HTTP requests by route and status',
        labelNames: ['route', 'status'],
        registers: [registry],
      }),
  );
  const durations = metricOnce(
    registry,
    'http_request_duration_seconds',
    () =>
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request duration by route',
        labelNames: ['route'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
  );
  return { requests, durations };
}
