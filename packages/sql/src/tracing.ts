import { SpanKind, trace } from '@opentelemetry/api';
import { inSpan } from '@sportskk/tracing';

/**
 * Runs one statement in a client span of the active trace (a no-op unless the process started telemetry). Outside
 * any trace (a readiness check, a subscription's poll) it starts none: a trace per poll would bury the real ones.
 */
export function traced<T>(
  text: string,
  name: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (!trace.getActiveSpan()) return run();
  const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
  return inSpan(
    name ? `${operation} ${name}` : operation,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation },
    },
    run,
  );
}
