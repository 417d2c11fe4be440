import { collectDefaultMetrics, Registry } from 'prom-client';

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
