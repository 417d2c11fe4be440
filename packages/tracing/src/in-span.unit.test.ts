import { context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { inSpan } from './index.ts';

describe('inSpan', () => {
  it('answers what the work answers, and rethrows what it throws', async () => {
    expect(await inSpan('work', {}, async () => 42)).toBe(42);
    await expect(
      inSpan('work', {}, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });

  it('hands the work its span (a no-op without telemetry) and leaves the outer context as it was', async () => {
    const outer = trace.getSpan(context.active());
    await inSpan('work', {}, async (span) => expect(span.isRecording()).toBe(false));
    expect(trace.getSpan(context.active())).toBe(outer);
  });
});
