import { backoff, sleep } from '@sportskk/backoff';
import { readTicketEvent, TICKET_STREAM_PREFIX } from '@sportskk/contracts';
import type { Logger } from '@sportskk/platform';
import type { CheckpointStore, Projection } from '@sportskk/projection-runner';
import type { ApprovalPorts } from '../ports/approval-ports.ts';

export interface ApprovalOptions {
  readonly checkpoints: CheckpointStore;
  readonly logger: Logger;
  /** The first wait while totalling has not counted a pending ticket yet (or cannot be asked); grows up to 5 s. */
  readonly pollMs?: number;
}

const APPROVAL_PROCESS_MANAGER = 'approval-process-manager';

/**
 * The saga's recovery path. For every purchase, in order: once totalling has counted a ticket that is still
 * PENDING (its sync call failed), ask ticketing to approve it. Waits while totalling (or its projection) is
 * behind or down, and while ticketing cannot be reached; idempotent, so replays are harmless.
 */
export function createApprovalProcessManager(
  ports: ApprovalPorts,
  options: ApprovalOptions,
): Projection {
  const pollMs = options.pollMs ?? 100;
  const { logger } = options;
  return {
    name: APPROVAL_PROCESS_MANAGER,
    filter: { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: ['TicketPurchased'] },
    loadCheckpoint: () => options.checkpoints.load(APPROVAL_PROCESS_MANAGER),
    async apply(event, signal) {
      const reading = readTicketEvent(event);
      if (!reading.ok) {
        logger.warn(
          { eventId: event.id, problem: reading.problem },
          'not a purchase to approve; skipped',
        );
        return options.checkpoints.save(APPROVAL_PROCESS_MANAGER, event.position);
      }
      const { ticketId } = reading.event.data;
      const delays = backoff({ initialMs: pollMs, maxMs: 5000 });
      for (;;) {
        signal.throwIfAborted();
        try {
          if ((await ports.ticketStatus(ticketId)) !== 'PENDING') break;
          if (await ports.isCounted(ticketId)) {
            await ports.approve(ticketId, event);
            logger.info({ ticketId }, 'pending ticket approved after totalling counted it');
            break;
          }
        } catch (error) {
          logger.warn(
            { ticketId, reason: (error as Error).message },
            'approval waits: a peer cannot be reached',
          );
        }
        await sleep(delays.next(), signal);
      }
      await options.checkpoints.save(APPROVAL_PROCESS_MANAGER, event.position);
    },
  };
}
