import type { EventFilter, GlobalPosition, RecordedEvent } from '@sportskk/event-store';

/**
 * A read model or a process manager fed from the event store. The runner subscribes after the stored checkpoint
 * and calls `apply` once per event, in order, at least once: `apply` must store the event's position as the
 * checkpoint atomically with its writes, or be idempotent, so a replay never double-counts.
 */
export interface Projection {
  readonly name: string;
  readonly filter: EventFilter;
  loadCheckpoint(): Promise<GlobalPosition | undefined>;
  /** `signal` aborts when the runner stops: an apply that waits (e.g. for another service) should give up then. */
  apply(event: RecordedEvent, signal: AbortSignal): Promise<void>;
  /**
   * When given, the runner calls this instead of `apply` with the events as they are read (one or more, in order):
   * one transaction and one checkpoint (the last event's position) for all of them, the same outcome as applying
   * them one by one.
   */
  applyBatch?(events: readonly RecordedEvent[], signal: AbortSignal): Promise<void>;
}
