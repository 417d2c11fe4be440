import {
  TICKETING_INTERNAL_ROUTES,
  type ApproveTicketResponse,
  type TicketingInternalErrorCode,
} from '@sportskk/contracts';
import {
  internalRoutes,
  refuse,
  type InternalCall,
  type InternalRequest,
  type Logger,
} from '@sportskk/platform';
import type { TicketCommands } from '../app/ticket-commands.ts';

const refuseWith = (status: number, code: TicketingInternalErrorCode, message: string) =>
  refuse(status, code, message);

/**
 * Ticketing's internal endpoint (see the contract in @sportskk/contracts): the approval process manager asks here
 * to approve a pending ticket; ticketing asks totalling whether it has counted it, and decides, as for any command.
 */
export function internalTicketingRoutes(
  commands: Pick<TicketCommands, 'approveIfCounted'>,
  logger: Logger,
  authenticate: (request: InternalRequest) => Promise<string>,
) {
  const approve = async ({ params, body, caller, correlationId }: InternalCall) => {
    const causationId = (body as { causationId?: unknown } | undefined)?.causationId;
    if (typeof causationId !== 'string' || causationId.length === 0 || causationId.length > 200) {
      return refuseWith(
        400,
        'BAD_REQUEST',
        'The body must be a JSON object { causationId } sent as application/json',
      );
    }
    const ticketId = params.ticketId!;
    const context = {
      correlationId,
      actor: `sportskk:${caller!}`,
      isAdmin: false,
    };
    let result: Awaited<ReturnType<TicketCommands['approveIfCounted']>>;
    try {
      result = await commands.approveIfCounted(ticketId, context, causationId);
    } catch (error) {
      logger.warn(
        { ticketId, reason: (error as Error).message },
        'approval waits: totalling cannot be asked',
      );
      return refuseWith(
        503,
        'TOTALLING_UNAVAILABLE',
        'Totalling cannot say whether the ticket is counted; try again later',
      );
    }
    if (!result.ok && result.code === 'TICKET_NOT_FOUND')
      return refuseWith(404, 'TICKET_NOT_FOUND', result.message);
    if (!result.ok)
      throw new Error(`Approval of ${ticketId} failed: ${result.code}: ${result.message}`);
    const { id, status, version } = result.ticket;
    return { status: 200, body: { ticketId: id, status, version } satisfies ApproveTicketResponse };
  };

  return internalRoutes(
    logger,
    [{ method: 'POST', path: TICKETING_INTERNAL_ROUTES.approve, handle: approve }],
    { authenticate },
  );
}
