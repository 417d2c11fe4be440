import {
  isTicketId,
  TICKETING_INTERNAL_ROUTES,
  type ApproveTicketResponse,
  type TicketingInternalErrorCode,
} from '@sportskk/contracts';
import { internalJson, internalRoutes, refuse, type Logger } from '@sportskk/platform';
import type { Request, Response } from 'express';
import type { CommandResult, RequestContext } from '../app/ticket-commands.ts';

export interface InternalTicketing {
  approve(ticketId: string, context: RequestContext, causationId: string): Promise<CommandResult>;
}

const refuseWith = (
  response: Response,
  status: number,
  code: TicketingInternalErrorCode,
  message: string,
) => refuse(response, status, code, message);

/**
 * Ticketing's internal endpoint (see the contract in @sportskk/contracts): the approval process manager asks
 * here to approve a ticket totalling has counted; ticketing decides, as for every command.
 */
export function internalTicketingRoutes(
  ticketing: InternalTicketing,
  logger: Logger,
  actorOf: (request: Request) => string,
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
    if (!isTicketId(ticketId))
      return refuseWith(
        response,
        404,
        'TICKET_NOT_FOUND',
        `Ticket ${request.params.ticketId.slice(0, 60)} does not exist`,
      );
    const context = {
      correlationId: response.locals.correlationId as string,
      actor: actorOf(request),
    };
    const result = await ticketing.approve(ticketId, context, causationId);
    if (!result.ok && result.code === 'TICKET_NOT_FOUND')
      return refuseWith(response, 404, 'TICKET_NOT_FOUND', result.message);
    if (!result.ok)
      throw new Error(`Approval of ${ticketId} failed: ${result.code}: ${result.message}`);
    const { id, status, version } = result.ticket;
    response.json({ ticketId: id, status, version } satisfies ApproveTicketResponse);
  };

  return internalRoutes(logger, (router) => {
    router.post(TICKETING_INTERNAL_ROUTES.approve, internalJson, approve);
  });
}
