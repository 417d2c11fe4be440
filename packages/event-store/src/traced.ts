import { context, propagation, SpanKind } from '@opentelemetry/api';
import { inSpan } from '@sportskk/tracing';
import type { EventStore } from './port.ts';

/**
 * The store, with each append in a span and the active trace context (`traceparent`) in every appended event's
 * metadata, so the work the event causes later (projections, the approval) joins the trace that wrote it.
 */
export function tracedEventStore(store: EventStore): EventStore {
  return {
    kind: store.kind,
    readStream: (...args) => store.readStream(...args),
    readStreams: (...args) => store.readStreams(...args),
    readAll: (...args) => store.readAll(...args),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options) => store.subscribeToAll(options),
    close: () => store.close(),
    appendToStream: (streamName, events, options) =>
      inSpan(
        'event-store append',
        {
          kind: SpanKind.PRODUCER,
          attributes: { 'sportskk.stream': streamName, 'sportskk.events': events.length },
        },
        async () => {
          const trace: Record<string, string> = {};
          propagation.inject(context.active(), trace);
          return store.appendToStream(
            streamName,
            events.map((event) => ({ ...event, metadata: { ...event.metadata, ...trace } })),
            options,
          );
        },
      ),
  };
}
