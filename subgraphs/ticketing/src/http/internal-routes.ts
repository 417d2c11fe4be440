import {
  isTicketId,
  TICKETING_INTERNAL_ROUTES,
  type ApproveTicketResponse,
  type InternalErrorBody,
  type TicketingInternalErrorCode,
} from '@sportskk/contracts';
import type { Logger } from '@sportskk/platform';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type Response,
} from 'express';
import type { CommandResult, RequestContext } from '../app/ticket-commands.ts';

export interface InternalTicketing {
  approve(ticketId: string, context: RequestContext, causationId: string): Promise<CommandResult>;
}

const refuse = (
  response: Response,
  status: number,
  code: TicketingInternalErrorCode,
  message: string,
) =>
  void response
    .status(status)
    .json({ code, message } satisfies InternalErrorBody<TicketingInternalErrorCode>);

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
      return refuse(
        response,
        400,
        'BAD_REQUEST',
        'The body must be a JSON object { causationId } sent as application/json',
      );
    }
    const { ticketId } = request.params;
    if (!isTicketId(ticketId))
      return refuse(
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
      return refuse(response, 404, 'TICKET_NOT_FOUND', result.message);
    if (!result.ok)
      throw new Error(`Approval of ${ticketId} failed: ${result.code}: ${result.message}`);
    const { id, status, version } = result.ticket;
    response.json({ ticketId: id, status, version } satisfies ApproveTicketResponse);
  };

  const onError: ErrorRequestHandler = (
    error: { status?: unknown; message?: unknown },
    request,
    response,
    _next,
  ) => {
    const status =
      typeof error.status === 'number' && error.status >= 400 && error.status < 500
        ? error.status
        : 500;
    if (status === 500) {
      logger.error({ err: error, path: request.path }, 'internal ticketing call failed');
      return refuse(response, 500, 'INTERNAL_ERROR', 'Ticketing could not handle the request');
    }
    refuse(response, status, 'BAD_REQUEST', `The body could not be read: ${String(error.message)}`);
  };

  return (app: Express) => {
    const router = express.Router();
    router.post(
      TICKETING_INTERNAL_ROUTES.approve.replace('/internal', ''),
      express.json({ limit: '16kb' }),
      approve,
    );
    router.use((request, response) =>
      refuse(response, 404, 'NOT_FOUND', `No internal route ${request.method} ${request.path}`),
    );
    router.use(onError);
    app.use('/internal', router);
  };
}
