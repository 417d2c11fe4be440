import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '@sportskk/tracing';

/** Runs one statement in a client span of the active trace (a no-op unless the process started telemetry). */
export function traced<T>(
  text: string,
  name: string | undefined,
  run: () => Promise<T>,
): Promise<T> {
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
