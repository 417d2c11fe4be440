import { createTicketViewProjection, type TicketViewStore } from '@sportskk/center';
import type { EventStore } from '@sportskk/event-store';
import { createApprovalProcessManager, createProjectionMetrics, createSqlCheckpointStore, startProjection, type RunningProjection } from '@sportskk/projections';
import type { Config, Logger } from '@sportskk/service';
import type { SqlClient } from '@sportskk/sql';
import { randomUUID } from 'node:crypto';
import { approvePendingTicket, loadTicket } from '@sportskk/ticketing';
import { createTeamTotalsProjection, type createTotallingStore } from '@sportskk/totalling';
import type { Registry } from 'prom-client';

type TotallingStore = Awaited<ReturnType<typeof createTotallingStore>>;

export interface ProjectionWorkerDeps {
  readonly config: Config;
  readonly events: EventStore;
  readonly views: TicketViewStore;
  readonly totalling: TotallingStore;
  /** Where the process manager keeps its checkpoint. */
  readonly sql: SqlClient;
  readonly logger: Logger;
  readonly metrics: Registry;
}

/** The workers that follow the event store: center view, team totals, and the approval process manager. */
export async function projectionWorkers(deps: ProjectionWorkerDeps) {
  const metrics = createProjectionMetrics(deps.metrics);
  const project = (target: Parameters<typeof startProjection>[1]) => startProjection(deps.events, target, { logger: deps.logger, metrics });
  const approvals = { store: deps.events, rules: { teams: deps.config.teams, maxBetCredit: deps.config.maxBetCredit }, clock: () => new Date(), newId: randomUUID };
  const checkpoints = await createSqlCheckpointStore(deps.sql);
  const approval = createApprovalProcessManager(
    {
      ticketStatus: async (ticketId) => {
        const state = (await loadTicket(deps.events, ticketId)).state;
        return state.status === 'NONE' ? undefined : state.status;
      },
      isCounted: async (ticketId) => (await deps.totalling.ticketRecord(ticketId))?.counted === true,
      approve: async (ticketId, purchase) => {
        const result = await approvePendingTicket(approvals, ticketId, { correlationId: purchase.metadata.correlationId, actor: 'approval-process-manager' }, purchase.id);
        if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
      },
    },
    { checkpoints, logger: deps.logger },
  );
  return {
    startTotals: (): RunningProjection => project(createTeamTotalsProjection(deps.totalling)),
    startView: (): RunningProjection => project(createTicketViewProjection(deps.views)),
    startApproval: (): RunningProjection => project(approval),
  };
}
