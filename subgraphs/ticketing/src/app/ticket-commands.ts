import { isTicketId, TICKET_EVENT_SCHEMA_VERSION, type BettingRules } from '@sportskk/contracts';
import type { EventMetadata, EventStore } from '@sportskk/event-store';
import type { Logger } from '@sportskk/platform';
import type { ExistingTicket } from '../domain/ticket.ts';
import type { Clock, IdGenerator } from '../ports/clock.ts';
import type { TotallingService } from '../ports/totalling-service.ts';
import {
  handleTicketCommand,
  loadTicket,
  type HandleResult,
  type LoadedTicket,
} from './handle-ticket-command.ts';
import { ticketIdForIdempotencyKey } from './ticket-ids.ts';

/** Who asks and under which correlation id: becomes the events' metadata. */
export interface RequestContext {
  readonly correlationId: string;
  readonly actor: string;
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

/** What approving needs: no totalling, since approval follows a count that already happened. */
export type ApprovalDeps = Pick<TicketCommandsDeps, 'store' | 'rules' | 'clock' | 'newId'>;

const metadataFor = (
  deps: Pick<TicketCommandsDeps, 'clock'>,
  context: RequestContext,
  causationId: string,
): EventMetadata => ({
  correlationId: context.correlationId,
  causationId,
  actor: context.actor,
  time: deps.clock().toISOString(),
  schemaVersion: TICKET_EVENT_SCHEMA_VERSION,
});
const view = (ticket: LoadedTicket): TicketView => ({
  ...(ticket.state as ExistingTicket),
  version: ticket.version,
});
const answer = (result: HandleResult): CommandResult =>
  result.ok ? { ok: true, ticket: view(result.ticket) } : result;

/** Appends TicketApproved if the ticket is still pending; approving twice, or concurrently, is harmless. */
export async function approvePendingTicket(
  deps: ApprovalDeps,
  ticketId: string,
  context: RequestContext,
  causationId: string,
): Promise<CommandResult> {
  return answer(
    await handleTicketCommand(
      deps,
      { type: 'ApproveTicket', data: { ticketId, now: deps.clock() } },
      metadataFor(deps, context, causationId),
    ),
  );
}

/** The use cases of ticketing: the saga step after each command is the guarded sync call to totalling. */
export function createTicketCommands(deps: TicketCommandsDeps) {
  const metadata = (context: RequestContext, causationId: string) =>
    metadataFor(deps, context, causationId);

  return {
    async getTicket(ticketId: string): Promise<TicketView | undefined> {
      if (!isTicketId(ticketId)) return undefined;
      const ticket = await loadTicket(deps.store, ticketId);
      return ticket.state.status === 'NONE' ? undefined : view(ticket);
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
      const command = {
        type: 'BuyTicket' as const,
        data: {
          ticketId,
          teamCode: input.teamCode,
          betCredit: input.betCredit,
          now: deps.clock(),
          ...(key === undefined ? {} : { idempotencyKey: key }),
        },
      };
      const result = await handleTicketCommand(deps, command, metadata(context, deps.newId()));
      if (!result.ok || result.appended.length === 0) return answer(result); // refused, or a retry answered by the first attempt
      const ticket = result.ticket.state as ExistingTicket;
      deps.logger.info(
        { ticketId, teamCode: ticket.teamCode, betCredit: ticket.betCredit },
        'ticket purchased',
      );
      try {
        await deps.totalling.count(
          { ticketId, teamCode: ticket.teamCode, betCredit: ticket.betCredit },
          context.correlationId,
        );
      } catch (error) {
        deps.logger.warn(
          { ticketId, reason: (error as Error).message },
          'totalling unavailable: ticket stays PENDING until the projection counts it',
        );
        return answer(result);
      }
      try {
        return await approvePendingTicket(
          deps,
          ticketId,
          context,
          result.ticket.purchaseEventId ?? ticketId,
        );
      } catch (error) {
        // Bought and counted; only the approval failed to append: the process manager appends it later.
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
      if (!isTicketId(input.ticketId))
        return {
          ok: false,
          code: 'TICKET_NOT_FOUND',
          message: `Ticket ${input.ticketId} does not exist`,
        };
      const expectedVersion = input.expectedVersion ?? undefined;
      const command = {
        type: 'CancelTicket' as const,
        data: { ticketId: input.ticketId, now: deps.clock() },
      };
      const result = await handleTicketCommand(
        deps,
        command,
        metadata(context, deps.newId()),
        expectedVersion,
      );
      if (!result.ok) return result;
      const ticket = result.ticket.state as ExistingTicket;
      deps.logger.info({ ticketId: ticket.id }, 'ticket cancelled');
      try {
        await deps.totalling.reverse(
          { ticketId: ticket.id, teamCode: ticket.teamCode, betCredit: ticket.betCredit },
          context.correlationId,
        );
      } catch (error) {
        deps.logger.warn(
          { ticketId: ticket.id, reason: (error as Error).message },
          'totalling unavailable: the projection reverses the ticket later',
        );
      }
      return answer(result);
    },
  };
}

export type TicketCommands = ReturnType<typeof createTicketCommands>;
