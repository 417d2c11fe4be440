import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { EventStore } from './port.ts';

/**
 * The store, with each append in a span and the active trace context (`traceparent`) in every appended event's
 * metadata, so the work the event causes later (projections, the approval) joins the trace that wrote it.
 */
export function tracedEventStore(store: EventStore): EventStore {
  const tracer = trace.getTracer('sportskk');
  return {
    kind: store.kind,
    readStream: (...args) => store.readStream(...args),
    readStreams: (...args) => store.readStreams(...args),
    readAll: (...args) => store.readAll(...args),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options) => store.subscribeToAll(options),
    close: () => store.close(),
    appendToStream: (streamName, events, options) =>
      tracer.startActiveSpan(
        'event-store append',
        {
          kind: SpanKind.PRODUCER,
          attributes: { 'sportskk.stream': streamName, 'sportskk.events': events.length },
        },
        async (span) => {
          const trace: Record<string, string> = {};
          propagation.inject(context.active(), trace);
          try {
            return await store.appendToStream(
              streamName,
              events.map((event) => ({ ...event, metadata: { ...event.metadata, ...trace } })),
              options,
            );
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            throw error;
          } finally {
            span.end();
          }
        },
      ),
  };
}
