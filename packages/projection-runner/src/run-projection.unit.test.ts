import { describe, expect, it } from 'vitest';
import {
  createInMemoryEventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@sportskk/event-store';
import { newEvent } from '@sportskk/event-store/testing';
import { createLogger, createMetricsRegistry } from '@sportskk/platform';
import { eventually } from '@sportskk/testing';
import type { Projection } from './projection.ts';
import { createProjectionMetrics, startProjection } from './run-projection.ts';

/** A target that keeps its rows and checkpoint together, like a SQL projection does in one transaction. */
function recordingTarget(failOn: (event: RecordedEvent, attempt: number) => boolean) {
  const applied: number[] = [];
  const attempts = new Map<string, number>();
  let checkpoint: GlobalPosition | undefined;
  const target: Projection = {
    name: 'recording',
    filter: { streamPrefixes: ['t-'] },
    loadCheckpoint: async () => checkpoint,
    async apply(event) {
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      if (failOn(event, attempt)) throw new Error(`cannot apply ${String(event.data.n)} yet`);
      applied.push(event.data.n as number);
      checkpoint = event.position;
    },
  };
  return { target, applied, attempts };
}

const logger = createLogger('projections-test', 'silent');

describe('running a projection', () => {
  it('applies every event once, in order, restarting from its checkpoint after a failed apply', async () => {
    const store = createInMemoryEventStore();
    for (let n = 1; n <= 6; n++)
      await store.appendToStream(`t-${n % 2}`, [newEvent({ data: { n } })]);
    const { target, applied, attempts } = recordingTarget(
      (event, attempt) => event.data.n === 3 && attempt < 3,
    );
    const metrics = createMetricsRegistry('projections');
    const running = startProjection(store, target, {
      logger,
      retryMs: 5,
      metrics: createProjectionMetrics(metrics),
    });
    await eventually(() => expect(applied).toEqual([1, 2, 3, 4, 5, 6]));
    await store.appendToStream('t-9', [newEvent({ data: { n: 7 } })]);
    await eventually(() => expect(applied).toEqual([1, 2, 3, 4, 5, 6, 7]));
    expect([...attempts.values()].reduce((a, b) => a + b)).toBe(7 + 2);
    expect(await metrics.getSingleMetricAsString('projection_failures_total')).toMatch(
      /projection_failures_total\{projection="recording"[^}]*\} 2/,
    );
    await running.stop();
  });

  it('resumes after a restart from the stored checkpoint, not from the start', async () => {
    const store = createInMemoryEventStore();
    const recording = recordingTarget(() => false);
    await store.appendToStream('t-1', [newEvent({ data: { n: 1 } }), newEvent({ data: { n: 2 } })]);
    const first = startProjection(store, recording.target, { logger });
    await eventually(() => expect(recording.applied).toEqual([1, 2]));
    await first.stop();
    await store.appendToStream('t-1', [newEvent({ data: { n: 3 } })]);
    const second = startProjection(store, recording.target, { logger });
    await eventually(() => expect(recording.applied).toEqual([1, 2, 3]));
    await second.stop();
  });

  it('stops while an apply waits, through the abort signal', async () => {
    const store = createInMemoryEventStore();
    await store.appendToStream('t-1', [newEvent({ data: { n: 1 } })]);
    let aborted = false;
    const target: Projection = {
      name: 'waiting',
      filter: { streamPrefixes: ['t-'] },
      loadCheckpoint: async () => undefined,
      apply: (_event, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    };
    const running = startProjection(store, target, { logger });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await running.stop();
    expect(aborted).toBe(true);
  });

  it('exports the age of the last applied event, which grows while the projection is stuck', async () => {
    const store = createInMemoryEventStore();
    await store.appendToStream('t-1', [newEvent({ data: { n: 1 } })]);
    const { target, applied } = recordingTarget((event) => event.data.n === 2); // stuck at 2
    const metrics = createMetricsRegistry('projections');
    const running = startProjection(store, target, {
      logger,
      retryMs: 5,
      metrics: createProjectionMetrics(metrics),
    });
    await eventually(() => expect(applied).toEqual([1]));
    await store.appendToStream('t-1', [newEvent({ data: { n: 2 } })]);
    const lag = async () => {
      const text = await metrics.getSingleMetricAsString('projection_lag_seconds');
      return Number(
        /projection_lag_seconds\{projection="recording"[^}]*\} ([\d.e-]+)/.exec(text)?.[1],
      );
    };
    const first = await lag();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const later = await lag();
    expect(later).toBeGreaterThanOrEqual(first + 0.05);
    await running.stop();
  });
});
