import {
  TICKETING_INTERNAL_ROUTES,
  type ApproveTicketResponse,
  type TicketingInternalErrorCode,
} from '@sportskk/contracts';
import { internalJson, internalRoutes, refuse, type Logger } from '@sportskk/platform';
import type { Request, Response } from 'express';
import type { TicketCommands } from '../app/ticket-commands.ts';

const refuseWith = (
  response: Response,
  status: number,
  code: TicketingInternalErrorCode,
  message: string,
) => refuse(response, status, code, message);

/**
 * Ticketing's internal endpoint (see the contract in @sportskk/contracts): the approval process manager asks here
 * to approve a pending ticket; ticketing asks totalling whether it has counted it, and decides, as for any command.
 */
export function internalTicketingRoutes(
  commands: Pick<TicketCommands, 'approveIfCounted'>,
  logger: Logger,
  authenticate: (request: Request) => Promise<string>,
) {
  const approve = async (request: Request<{ ticketId: string }>, response: Response) => {
    const causationId = (request.body as { causationId?: unknown } | undefined)?.causationId;
    if (typeof causationId !== 'string' || causationId.length === 0 || causationId.length > 200) {
      return refuseWith(
        response,
        400,
        'BAD_REQUEST',
        'The body must be a JSON object { causationId } sent as application/json',
      );
    }
    const { ticketId } = request.params;
    const context = {
      correlationId: response.locals.correlationId as string,
      actor: `sportskk:${response.locals.caller as string}`,
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
        response,
        503,
        'TOTALLING_UNAVAILABLE',
        'Totalling cannot say whether the ticket is counted; try again later',
      );
    }
    if (!result.ok && result.code === 'TICKET_NOT_FOUND')
      return refuseWith(response, 404, 'TICKET_NOT_FOUND', result.message);
    if (!result.ok)
      throw new Error(`Approval of ${ticketId} failed: ${result.code}: ${result.message}`);
    const { id, status, version } = result.ticket;
    response.json({ ticketId: id, status, version } satisfies ApproveTicketResponse);
  };

  return internalRoutes(
    logger,
    (router) => void router.post(TICKETING_INTERNAL_ROUTES.approve, internalJson, approve),
    { authenticate },
  );
}
