import { backoff, sleep } from '@sportskk/backoff';
import { readTicketEvent, TICKET_STREAM_PREFIX } from '@sportskk/contracts';
import type { Logger } from '@sportskk/platform';
import type { RecordedEvent } from '@sportskk/event-store';
import type { CheckpointStore, Projection } from '@sportskk/projection-runner';
import { TicketNotFound, type Ticketing } from '../ports/approval-ports.ts';

export interface ApprovalOptions {
  readonly checkpoints: CheckpointStore;
  readonly logger: Logger;
  /** The first wait while a ticket is not counted yet (or nobody can answer); grows up to 5 s. */
  readonly pollMs?: number;
  /**
   * How long after its purchase was recorded a ticket is left to the sync path (ticketing counts and approves it
   * before it answers the buyer) before this asks about it; default 1 s. A replay asks at once.
   */
  readonly graceMs?: number;
}

const APPROVAL_PROCESS_MANAGER = 'approval-process-manager';
/** Purchases to settle, and what settles them (seen in the same batch, no call is needed). */
const FOLLOWED = ['TicketPurchased', 'TicketApproved', 'TicketCancelled'] as const;

/**
 * The saga's recovery path. For every purchase, in order: ask ticketing to approve the ticket once totalling has
 * counted it, until ticketing answers a status other than PENDING; a purchase not settled in the same batch is
 * given the grace period first, so the sync path's approval is usually there and nothing else is asked. Waits while totalling (or its projection) is
 * behind or down, and while ticketing cannot be reached; idempotent, so replays are harmless.
 */
export function createApprovalProcessManager(
  ticketing: Ticketing,
  options: ApprovalOptions,
): Projection {
  const pollMs = options.pollMs ?? 100;
  const graceMs = options.graceMs ?? 1000;
  const { logger } = options;
  /** Asks ticketing until the purchase is settled (not PENDING), or there is no such ticket. */
  const settle = async (event: RecordedEvent, signal: AbortSignal) => {
    const reading = readTicketEvent(event);
    if (!reading.ok || reading.event.type !== 'TicketPurchased') {
      if (event.type === 'TicketPurchased')
        logger.warn(
          { eventId: event.id, problem: reading.ok ? 'not a purchase' : reading.problem },
          'not a purchase to approve; skipped',
        );
      return;
    }
    const { ticketId } = reading.event.data;
    // Bounded by graceMs whatever the clocks say: a purchase the sync path is still settling is found settled.
    const young = Math.min(graceMs, event.recordedAt.getTime() + graceMs - Date.now());
    if (young > 0) await sleep(young, signal);
    const delays = backoff({ initialMs: pollMs, maxMs: 5000 });
    for (;;) {
      signal.throwIfAborted();
      try {
        const status = await ticketing.approveIfCounted(ticketId, event, signal);
        if (status === 'APPROVED') logger.info({ ticketId }, 'ticket approved, or found approved');
        if (status !== 'PENDING') return;
      } catch (error) {
        if (error instanceof TicketNotFound) {
          logger.error({ ticketId }, 'ticketing has no ticket for this purchase; skipped');
          return;
        }
        signal.throwIfAborted();
        logger.warn(
          { ticketId, reason: (error as Error).message },
          'approval waits: ticketing or totalling cannot answer',
        );
      }
      await sleep(delays.next(), signal);
    }
  };
  return {
    name: APPROVAL_PROCESS_MANAGER,
    filter: { streamPrefixes: [TICKET_STREAM_PREFIX], eventTypes: [...FOLLOWED] },
    loadCheckpoint: () => options.checkpoints.load(APPROVAL_PROCESS_MANAGER),
    async apply(event, signal) {
      await settle(event, signal);
      await options.checkpoints.save(APPROVAL_PROCESS_MANAGER, event.position);
    },
    /** A purchase whose approval or cancellation is in the same batch is settled already: no call for it. */
    async applyBatch(events, signal) {
      const settled = new Set(
        events.filter((event) => event.type !== 'TicketPurchased').map((event) => event.streamName),
      );
      for (const event of events)
        if (event.type === 'TicketPurchased' && !settled.has(event.streamName))
          await settle(event, signal);
      await options.checkpoints.save(APPROVAL_PROCESS_MANAGER, events.at(-1)!.position);
    },
  };
}
