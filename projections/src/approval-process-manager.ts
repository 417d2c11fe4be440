import type { ProjectionTarget, RecordedEvent } from '@sportskk/event-store';
import type { Logger } from '@sportskk/service';
import { TICKET_STREAM_PREFIX, type TicketPurchased } from '@sportskk/ticketing/events';
import type { CheckpointStore } from './checkpoint-store.ts';

export interface ApprovalPorts {
  /** The ticket's status now, from its stream. */
  readonly ticketStatus: (ticketId: string) => Promise<'PENDING' | 'APPROVED' | 'CANCELLED' | undefined>;
  /** Whether totalling has counted the ticket. */
  readonly isCounted: (ticketId: string) => Promise<boolean>;
  /** Appends TicketApproved if the ticket is still pending (idempotent). */
  readonly approve: (ticketId: string, purchase: RecordedEvent) => Promise<void>;
}

export interface ApprovalOptions {
  readonly checkpoints: CheckpointStore;
  readonly logger: Logger;
  /** How long to wait between checks while totalling has not counted a pending ticket yet; doubles up to 5 s. */
  readonly pollMs?: number;
}

export const APPROVAL_PROCESS_MANAGER = 'approval-process-manager';

/**
 * For every purchase, in order: once totalling has counted a ticket that is still PENDING (its sync call failed),
 * append TicketApproved. Waits while totalling (or its projection) is behind; idempotent, so replays are harmless.
 */
export function createApprovalProcessManager(ports: ApprovalPorts, options: ApprovalOptions): ProjectionTarget {
  const pollMs = options.pollMs ?? 100;
  return {
    name: APPROVAL_PROCESS_MANAGER,
    filter: { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: ['TicketPurchased'] },
    loadCheckpoint: () => options.checkpoints.load(APPROVAL_PROCESS_MANAGER),
    async apply(event, signal) {
      const { ticketId } = (event as unknown as TicketPurchased).data;
      for (let delay = pollMs; ; delay = Math.min(delay * 2, 5000)) {
        if ((await ports.ticketStatus(ticketId)) !== 'PENDING') break;
        if (await ports.isCounted(ticketId)) {
          await ports.approve(ticketId, event);
          options.logger.info({ ticketId }, 'pending ticket approved after totalling counted it');
          break;
        }
        signal?.throwIfAborted();
        await sleep(delay, signal);
      }
      await options.checkpoints.save(APPROVAL_PROCESS_MANAGER, event.position);
    },
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
