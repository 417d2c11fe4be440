import { backoff, sleep } from '@sportskk/backoff';
import { inEventSpans } from './event-spans.ts';
import { type EventStore, type RecordedEvent, type Subscription } from '@sportskk/event-store';
import { metricOnce, withCorrelationId, type Logger } from '@sportskk/platform';
import type { SqlClient } from '@sportskk/sql';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Projection } from './projection.ts';

export interface RunningProjection {
  readonly name: string;
  stop(): Promise<void>;
}

/** Held while this process is the one applying a projection; `lost` resolves if it goes without release. */
export interface ProjectionLease {
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

export interface ProjectionRunOptions {
  readonly logger: Logger;
  /**
   * Makes the run one active consumer among replicas: waits for this lease before applying, and stops applying
   * (then waits again) if it is lost. Without it, every process that runs the projection applies it.
   */
  readonly lease?: (projection: string, signal: AbortSignal) => Promise<ProjectionLease>;
  /** After losing the lease, how long to leave it to the other replicas before trying again; default 5 s. */
  readonly leaseLostWaitMs?: number;
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

  /** Applies until `lost` resolves (the lease went) or the run stops. */
  const follow = async (lost: Promise<void> | undefined) => {
    const delays = backoff({ initialMs: options.retryMs ?? 200, maxMs: 30_000 });
    let gone = false;
    void lost?.then(() => {
      gone = true;
      void current?.stop();
    });
    while (!stopping.signal.aborted && !gone) {
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
                await inEventSpans(projection.name, events, () =>
                  applyBatch.call(projection, events, stopping.signal),
                );
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
                  await inEventSpans(projection.name, [event], () =>
                    projection.apply(event, stopping.signal),
                  );
                  const revision = Number(event.revision);
                  logger.info(
                    { ...label, eventType: event.type, stream: event.streamName, revision },
                    'event applied',
                  );
                  applied([event]);
                }),
            });
        current = subscription;
        if (gone) await subscription.stop();
        await subscription.done;
      } catch (error) {
        await current?.stop(); // release what the failed run holds (e.g. its LISTEN connection)
        if (stopping.signal.aborted || gone) return;
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

  const run = async () => {
    if (!options.lease) return follow(undefined);
    while (!stopping.signal.aborted) {
      let lease: ProjectionLease;
      try {
        lease = await options.lease(projection.name, stopping.signal);
      } catch (error) {
        if (stopping.signal.aborted) return;
        logger.error({ err: error, ...label }, 'projection lease not taken; trying again');
        await sleep(1000, stopping.signal);
        continue;
      }
      logger.info(label, 'projection lease taken: applying');
      await follow(lease.lost);
      await lease.release().catch(() => undefined);
      if (stopping.signal.aborted) return;
      const waitMs = options.leaseLostWaitMs ?? 5000;
      logger.warn(
        { ...label, waitMs },
        'projection lease lost; others may take it, then trying again',
      );
      await sleep(waitMs, stopping.signal);
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

/** Leases from the database's advisory locks: one per projection name, across every process on it. */
export function sqlProjectionLease(
  sql: Pick<SqlClient, 'holdLock'>,
): (projection: string, signal: AbortSignal) => Promise<ProjectionLease> {
  return (projection, signal) => sql.holdLock(`sportskk:projection:${projection}`, { signal });
}
