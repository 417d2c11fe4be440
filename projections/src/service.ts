import type { EventStore } from '@sportskk/event-store';
import { startHttpService, type Logger, type RunningService } from '@sportskk/platform';
import {
  createProjectionMetrics,
  startProjection,
  type CheckpointStore,
} from '@sportskk/projection-runner';
import type { Registry } from 'prom-client';
import { ticketStatusFromLog } from './adapters/log-ticket-status.ts';
import { createApprovalProcessManager } from './app/approval-process-manager.ts';
import type { ProjectionsConfig } from './config.ts';
import type { ApprovalPorts } from './ports/approval-ports.ts';

export interface ProjectionsOptions {
  readonly config: Pick<ProjectionsConfig, 'service'>;
  readonly events: EventStore;
  readonly checkpoints: CheckpointStore;
  /** Totalling and ticketing, as the process manager asks them. */
  readonly peers: Pick<ApprovalPorts, 'isCounted' | 'approve'>;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/** The approval process manager over the log, with health probes and metrics on HTTP. */
export async function startProjections(options: ProjectionsOptions): Promise<RunningService> {
  const { logger } = options;
  const ports: ApprovalPorts = {
    ticketStatus: ticketStatusFromLog(options.events),
    ...options.peers,
  };
  const manager = createApprovalProcessManager(ports, { checkpoints: options.checkpoints, logger });
  const running = startProjection(options.events, manager, {
    logger,
    metrics: createProjectionMetrics(options.metrics),
  });
  try {
    const http = await startHttpService({
      name: 'projections',
      settings: options.config.service,
      logger,
      metrics: options.metrics,
    });
    return { ...http, stop: async () => (await http.stop(), await running.stop()) };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
