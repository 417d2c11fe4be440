import { SpanStatusCode, trace, type Span, type SpanOptions } from '@opentelemetry/api';

/** Runs `work` in a span, a child of the active one and active itself, recording a thrown error. */
export function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return trace.getTracer('sportskk').startActiveSpan(name, options, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
