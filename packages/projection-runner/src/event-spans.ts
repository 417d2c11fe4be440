import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { RecordedEvent } from '@sportskk/event-store';

/**
 * Runs a projection's work on `events` with a span per event, each a child of the trace the event was appended
 * in (its metadata's `traceparent`), so the purchase's trace shows what it caused; the first span is active, so
 * the work's own calls (SQL, HTTP) join that trace. A no-op unless the process started telemetry.
 */
export async function inEventSpans<T>(
  projection: string,
  events: readonly RecordedEvent[],
  work: () => Promise<T>,
): Promise<T> {
  const tracer = trace.getTracer('sportskk');
  const spans = events.map((event) =>
    tracer.startSpan(
      `projection ${projection} ${event.type}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'sportskk.projection': projection,
          'sportskk.stream': event.streamName,
          'sportskk.revision': Number(event.revision),
        },
      },
      propagation.extract(ROOT_CONTEXT, event.metadata),
    ),
  );
  try {
    return await context.with(trace.setSpan(context.active(), spans[0]!), work);
  } catch (error) {
    for (const span of spans) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
    }
    throw error;
  } finally {
    for (const span of spans) span.end();
  }
}
