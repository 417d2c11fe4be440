import type { EventStore, GlobalPosition, ProjectionTarget, Subscription } from '@sportskk/event-store';
import { withCorrelationId, type Logger } from '@sportskk/service';
import { Counter, Gauge, type Registry } from 'prom-client';

export interface RunningProjection {
  readonly name: string;
  /** The last event applied by this run, if any. */
  position(): GlobalPosition | undefined;
  stop(): Promise<void>;
}

export interface ProjectionRunOptions {
  readonly logger: Logger;
  readonly metrics?: ProjectionMetrics;
  /** Back-off after a failed apply before restarting from the stored checkpoint; doubles up to 30 s. */
  readonly retryMs?: number;
}

export type ProjectionMetrics = ReturnType<typeof createProjectionMetrics>;

export function createProjectionMetrics(registry: Registry) {
  return {
    applied: new Counter({ name: 'projection_events_applied_total', help: 'Events applied by each projection', labelNames: ['projection'], registers: [registry] }),
    failures: new Counter({ name: 'projection_failures_total', help: 'Failed applies (the projection restarts from its checkpoint)', labelNames: ['projection'], registers: [registry] }),
    lag: new Gauge({ name: 'projection_lag_seconds', help: 'Now minus the recorded time of the last applied event', labelNames: ['projection'], registers: [registry] }),
  };
}

/**
 * Follows the store from the target's stored checkpoint. A failed apply stops the subscription; after a back-off
 * the run reloads the checkpoint (the failed event was not checkpointed) and subscribes again.
 */
export function startProjection(store: EventStore, target: ProjectionTarget, options: ProjectionRunOptions): RunningProjection {
  const { logger } = options;
  const baseDelay = options.retryMs ?? 200;
  let stopped = false;
  let last: GlobalPosition | undefined;
  let current: Subscription | undefined;
  let wake: (() => void) | undefined;
  const stopping = new AbortController();

  const run = async () => {
    let delay = baseDelay;
    while (!stopped) {
      try {
        const checkpoint = await target.loadCheckpoint();
        if (stopped) return;
        const subscription = store.subscribeToAll({
          after: checkpoint,
          filter: target.filter,
          handler: (event) =>
            withCorrelationId(event.metadata.correlationId, async () => {
              await target.apply(event, stopping.signal);
              logger.info({ projection: target.name, eventType: event.type, stream: event.streamName, revision: Number(event.revision) }, 'event applied');
              last = event.position;
              delay = baseDelay;
              options.metrics?.applied.inc({ projection: target.name });
              options.metrics?.lag.set({ projection: target.name }, (Date.now() - event.recordedAt.getTime()) / 1000);
            }),
        });
        current = subscription;
        await subscription.done;
      } catch (error) {
        await current?.stop(); // release what the failed run holds (e.g. its LISTEN connection)
        if (stopped) return;
        options.metrics?.failures.inc({ projection: target.name });
        logger.error({ err: error, projection: target.name, retryInMs: delay }, 'projection failed; restarting from its checkpoint');
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          wake = () => (clearTimeout(timer), resolve());
        });
        delay = Math.min(delay * 2, 30_000);
      }
    }
  };
  const done = run();
  logger.info({ projection: target.name }, 'projection started');

  return {
    name: target.name,
    position: () => last,
    async stop() {
      stopped = true;
      stopping.abort();
      wake?.();
      await current?.stop();
      await done;
      logger.info({ projection: target.name }, 'projection stopped');
    },
  };
}
