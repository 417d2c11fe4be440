import { isTicketId, TICKET_EVENT_SCHEMA_VERSION, type BettingRules } from '@sportskk/contracts';
import type { EventMetadata, EventStore } from '@sportskk/event-store';
import type { Logger } from '@sportskk/platform';
import { mayView, NO_TICKET, type ExistingTicket, type Viewer } from '../domain/ticket.ts';
import type { Clock, IdGenerator } from '../ports/clock.ts';
import type { TotallingService } from '../ports/totalling-service.ts';
import {
  handleTicketCommand,
  loadTicket,
  loadTickets,
  type ExistingLoadedTicket,
  type HandleResult,
  type LoadedTicket,
} from './handle-ticket-command.ts';
import { ticketIdForIdempotencyKey } from './ticket-ids.ts';

/** Who asks and under which correlation id: becomes the events' metadata. */
export interface RequestContext {
  readonly correlationId: string;
  /** The verified subject (a buyer or an admin), or the calling service (`sportskk:<name>`, a reserved subject). */
  readonly actor: string;
  readonly isAdmin: boolean;
}

export type TicketView = ExistingTicket & { readonly version: number };
export type CommandResult =
  | { readonly ok: true; readonly ticket: TicketView }
  | { readonly ok: false; readonly code: string; readonly message: string };

export interface TicketCommandsDeps {
  readonly store: EventStore;
  readonly totalling: TotallingService;
  readonly rules: BettingRules;
  readonly clock: Clock;
  readonly newId: IdGenerator;
  readonly logger: Logger;
}

const MAX_IDEMPOTENCY_KEY = 200;

const notFound = (ticketId: string): CommandResult => ({
  ok: false,
  code: 'TICKET_NOT_FOUND',
  message: `Ticket ${ticketId.slice(0, 60)} does not exist`,
});
const view = (ticket: ExistingLoadedTicket): TicketView => ({
  ...ticket.state,
  version: ticket.version,
});
const answer = (result: HandleResult): CommandResult =>
  result.ok ? { ok: true, ticket: view(result.ticket) } : result;

/** The use cases of ticketing: the saga step after each command is the guarded sync call to totalling. */
export function createTicketCommands(deps: TicketCommandsDeps) {
  const metadata = (context: RequestContext, causationId: string): EventMetadata => ({
    correlationId: context.correlationId,
    causationId,
    actor: context.actor,
    time: deps.clock().toISOString(),
    schemaVersion: TICKET_EVENT_SCHEMA_VERSION,
  });

  /** Appends TicketApproved if the ticket is still pending; approving twice, or concurrently, is harmless. */
  const approvePending = async (
    ticketId: string,
    context: RequestContext,
    causationId: string,
    known: LoadedTicket,
  ) =>
    answer(
      await handleTicketCommand(
        deps,
        { type: 'ApproveTicket', data: { ticketId, now: deps.clock() } },
        metadata(context, causationId),
        undefined,
        known,
      ),
    );

  return {
    /** The ticket as `viewer` may see it: undefined when there is none, or it is another buyer's. */
    async getTicket(ticketId: string, viewer: Viewer): Promise<TicketView | undefined> {
      if (!isTicketId(ticketId)) return undefined;
      const ticket = await loadTicket(deps.store, ticketId);
      if (ticket.state.status === 'NONE' || !mayView(ticket.state, viewer)) return undefined;
      return { ...ticket.state, version: ticket.version };
    },

    /** getTicket for several tickets, with one read of their streams; in the order of `ticketIds`. */
    async getTickets(
      ticketIds: readonly string[],
      viewer: Viewer,
    ): Promise<Array<TicketView | undefined>> {
      const valid = ticketIds.filter(isTicketId);
      const loaded = new Map(
        (await loadTickets(deps.store, valid)).map((ticket, i) => [valid[i]!, ticket]),
      );
      return ticketIds.map((ticketId) => {
        const ticket = loaded.get(ticketId);
        if (!ticket || ticket.state.status === 'NONE' || !mayView(ticket.state, viewer))
          return undefined;
        return { ...ticket.state, version: ticket.version };
      });
    },

    async buyTicket(
      input: { teamCode: string; betCredit: number; idempotencyKey?: string | null },
      context: RequestContext,
    ): Promise<CommandResult> {
      const key = input.idempotencyKey ?? undefined;
      if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) {
        return {
          ok: false,
          code: 'INVALID_IDEMPOTENCY_KEY',
          message: `idempotencyKey must have 1 to ${MAX_IDEMPOTENCY_KEY} characters`,
        };
      }
      const ticketId =
        key === undefined ? deps.newId() : ticketIdForIdempotencyKey(context.actor, key);
      const idempotency = key === undefined ? {} : { idempotencyKey: key };
      const data = {
        ticketId,
        buyerId: context.actor,
        teamCode: input.teamCode,
        betCredit: input.betCredit,
        now: deps.clock(),
        ...idempotency,
      };
      // A new id has no stream: append at once (one round trip); a retried key finds its stream and loads it.
      const result = await handleTicketCommand(
        deps,
        { type: 'BuyTicket', data },
        metadata(context, deps.newId()),
        undefined,
        { state: NO_TICKET, version: -1, purchaseEventId: undefined },
      );
      // Refused, or a retry answered by the first attempt.
      if (!result.ok || result.appended.length === 0) return answer(result);
      const { teamCode, betCredit } = result.ticket.state;
      deps.logger.info({ ticketId, teamCode, betCredit }, 'ticket purchased');
      try {
        await deps.totalling.count({ ticketId, teamCode, betCredit }, context.correlationId);
      } catch (error) {
        const reason = (error as Error).message;
        deps.logger.warn(
          { ticketId, reason },
          'totalling unavailable: ticket stays PENDING until the projection counts it',
        );
        return answer(result);
      }
      try {
        return await approvePending(
          ticketId,
          context,
          result.ticket.purchaseEventId ?? ticketId,
          result.ticket,
        );
      } catch (error) {
        // Bought and counted; only the approval failed to append: the process manager approves it later.
        deps.logger.warn(
          { ticketId, reason: (error as Error).message },
          'approval not recorded yet: ticket answered as PENDING',
        );
        return answer(result);
      }
    },

    async cancelTicket(
      input: { ticketId: string; expectedVersion?: number | null },
      context: RequestContext,
    ): Promise<CommandResult> {
      if (!isTicketId(input.ticketId)) return notFound(input.ticketId);
      const command = {
        type: 'CancelTicket' as const,
        data: {
          ticketId: input.ticketId,
          by: { subject: context.actor, isAdmin: context.isAdmin },
          now: deps.clock(),
        },
      };
      const result = await handleTicketCommand(
        deps,
        command,
        metadata(context, deps.newId()),
        input.expectedVersion ?? undefined,
      );
      if (!result.ok) return result;
      const { id, teamCode, betCredit } = result.ticket.state;
      deps.logger.info({ ticketId: id }, 'ticket cancelled');
      try {
        await deps.totalling.reverse({ ticketId: id, teamCode, betCredit }, context.correlationId);
      } catch (error) {
        deps.logger.warn(
          { ticketId: id, reason: (error as Error).message },
          'totalling unavailable: the projection reverses the ticket later',
        );
      }
      return answer(result);
    },

    /**
     * The saga's recovery step, for the approval process manager: approves a PENDING ticket once totalling says it
     * has counted it. A ticket that is not pending, or not counted yet, is answered as it is. Rejects when totalling
     * cannot be asked.
     */
    async approveIfCounted(
      ticketId: string,
      context: RequestContext,
      causationId: string,
    ): Promise<CommandResult> {
      if (!isTicketId(ticketId)) return notFound(ticketId);
      const ticket = await loadTicket(deps.store, ticketId);
      if (ticket.state.status === 'NONE') return notFound(ticketId);
      if (
        ticket.state.status !== 'PENDING' ||
        !(await deps.totalling.isCounted(ticketId, context.correlationId))
      ) {
        return { ok: true, ticket: { ...ticket.state, version: ticket.version } };
      }
      return approvePending(ticketId, context, causationId, ticket);
    },
  };
}

export type TicketCommands = ReturnType<typeof createTicketCommands>;
