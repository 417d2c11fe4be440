import type { EventStore } from '@sportskk/event-store';
import { startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import {
  createProjectionMetrics,
  startProjection,
  type CheckpointStore,
  type ProjectionRunOptions,
} from '@sportskk/projection-runner';
import type { Registry } from 'prom-client';
import { createApprovalProcessManager } from './app/approval-process-manager.ts';
import type { ProjectionsConfig } from './config.ts';
import type { Ticketing } from './ports/approval-ports.ts';

export interface ProjectionsOptions {
  readonly config: Pick<ProjectionsConfig, 'service'>;
  readonly events: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly ticketing: Ticketing;
  readonly logger: Logger;
  readonly metrics: Registry;
  /** Makes the process manager one active consumer among replicas (see ProjectionRunOptions.lease). */
  readonly lease?: ProjectionRunOptions['lease'];
}

/** The approval process manager over the log, with health probes and metrics on HTTP. */
export async function startProjections(options: ProjectionsOptions): Promise<RunningService> {
  const { logger, metrics } = options;
  const manager = createApprovalProcessManager(options.ticketing, {
    checkpoints: options.checkpoints,
    logger,
  });
  const running = startProjection(options.events, manager, {
    logger,
    metrics: createProjectionMetrics(metrics),
    ...(options.lease && { lease: options.lease }),
  });
  return startHttpService({
    name: 'projections',
    settings: options.config.service,
    logger,
    metrics,
    // Ready while the log and the checkpoints answer (the approvals' peer, ticketing, may be away: they retry).
    ready: async () => {
      await options.events.headPosition();
      await options.checkpoints.load(manager.name);
      return true;
    },
    alongside: [running],
  });
}
