import { backoff, sleep } from '@sportskk/backoff';
import { type EventStore, type RecordedEvent, type Subscription } from '@sportskk/event-store';
import { metricOnce, withCorrelationId, type Logger } from '@sportskk/platform';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Projection } from './projection.ts';

export interface RunningProjection {
  readonly name: string;
  stop(): Promise<void>;
}

export interface ProjectionRunOptions {
  readonly logger: Logger;
  readonly metrics?: ProjectionMetrics;
  /** Back-off after a failed apply before restarting from the stored checkpoint; grows up to 30 s. */
  readonly retryMs?: number;
}

export type ProjectionMetrics = ReturnType<typeof createProjectionMetrics>;

/** When each projection's last applied event was recorded (ms since the epoch), by registry. */
const lastApplied = new WeakMap<Registry, Map<string, number>>();

/** The runner's metrics on `registry`, created once per registry (a restarted service keeps its registry). */
export function createProjectionMetrics(registry: Registry) {
  const labelNames = ['projection'];
  const registers = [registry];
  let recorded = lastApplied.get(registry);
  if (!recorded) lastApplied.set(registry, (recorded = new Map()));
  const times = recorded;
  const counter = (name: string, help: string) =>
    metricOnce(registry, name, () => new Counter({ name, help, labelNames, registers }));
  return {
    applied: counter('projection_events_applied_total', 'Events applied by each projection'),
    failures: counter(
      'projection_failures_total',
      'Failed applies (the projection restarts from its checkpoint)',
    ),
    lag: metricOnce(
      registry,
      'projection_lag_seconds',
      () =>
        new Gauge({
          name: 'projection_lag_seconds',
          help: 'Age of the last applied event when scraped: now minus its recorded time (grows while the projection is stuck, and while no events come)',
          labelNames,
          registers,
          collect() {
            for (const [projection, at] of times)
              this.set({ projection }, (Date.now() - at) / 1000);
          },
        }),
    ),
    /** The projection applied an event recorded at `recordedAt`. */
    appliedAt: (projection: string, recordedAt: Date) =>
      void times.set(projection, recordedAt.getTime()),
  };
}

/**
 * Follows the store from the projection's stored checkpoint. A failed apply stops the subscription; after a
 * back-off the run reloads the checkpoint (the failed event was not checkpointed) and subscribes again.
 */
export function startProjection(
  store: EventStore,
  projection: Projection,
  options: ProjectionRunOptions,
): RunningProjection {
  const { logger, metrics } = options;
  const label = { projection: projection.name };
  const stopping = new AbortController();
  let current: Subscription | undefined;

  const run = async () => {
    const delays = backoff({ initialMs: options.retryMs ?? 200, maxMs: 30_000 });
    while (!stopping.signal.aborted) {
      try {
        const checkpoint = await projection.loadCheckpoint();
        if (stopping.signal.aborted) return;
        const applied = (events: readonly RecordedEvent[]) => {
          const last = events.at(-1)!;
          delays.reset();
          metrics?.applied.inc(label, events.length);
          metrics?.appliedAt(projection.name, last.recordedAt);
        };
        const { applyBatch } = projection;
        const subscription = applyBatch
          ? store.subscribeToAll({
              after: checkpoint,
              filter: projection.filter,
              handleBatch: async (events) => {
                await applyBatch.call(projection, events, stopping.signal);
                // Each event still gets its line, with its correlation id (logs leave in blocks: cheap).
                for (const event of events)
                  logger.info(
                    {
                      ...label,
                      correlationId: event.metadata.correlationId,
                      eventType: event.type,
                      stream: event.streamName,
                      revision: Number(event.revision),
                    },
                    'event applied',
                  );
                applied(events);
              },
            })
          : store.subscribeToAll({
              after: checkpoint,
              filter: projection.filter,
              handler: (event) =>
                withCorrelationId(event.metadata.correlationId, async () => {
                  await projection.apply(event, stopping.signal);
                  const revision = Number(event.revision);
                  logger.info(
                    { ...label, eventType: event.type, stream: event.streamName, revision },
                    'event applied',
                  );
                  applied([event]);
                }),
            });
        current = subscription;
        await subscription.done;
      } catch (error) {
        await current?.stop(); // release what the failed run holds (e.g. its LISTEN connection)
        if (stopping.signal.aborted) return;
        metrics?.failures.inc(label);
        const retryInMs = Math.round(delays.next());
        logger.error(
          { err: error, ...label, retryInMs },
          'projection failed; restarting from its checkpoint',
        );
        await sleep(retryInMs, stopping.signal);
      }
    }
  };
  const done = run();
  logger.info(label, 'projection started');

  return {
    name: projection.name,
    async stop() {
      stopping.abort();
      await current?.stop();
      await done;
      logger.info(label, 'projection stopped');
    },
  };
}
