import {
  TOTALLING_INTERNAL_ROUTES,
  type InternalErrorBody,
  type TicketTotallingBody,
  type TotallingInternalErrorCode,
  type TotallingOperation,
} from '@sportskk/contracts';
import type { Logger } from '@sportskk/platform';
import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type Response,
} from 'express';
import type { TotallingCommands } from '../app/totalling-commands.ts';
import type { TicketTotallingStatus } from '../domain/ticket-totalling.ts';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const bodyOf = (ticketId: string, status: TicketTotallingStatus): TicketTotallingBody => ({
  ticketId,
  counted: status.counted,
  countedAt: iso(status.countedAt),
  reversedAt: iso(status.reversedAt),
});
const refuse = (
  response: Response,
  status: number,
  code: TotallingInternalErrorCode,
  message: string,
) =>
  void response
    .status(status)
    .json({ code, message } satisfies InternalErrorBody<TotallingInternalErrorCode>);

/**
 * The internal endpoint (see the contract in @sportskk/contracts). A refusal is 400 with its code; a failure of the
 * store is 500, so the caller's breaker sees totalling's health, not the request's.
 */
export function internalTotallingRoutes(
  commands: TotallingCommands,
  logger: Logger,
): (app: Express) => void {
  const record =
    (operation: TotallingOperation) =>
    async (request: Request<{ ticketId: string }>, response: Response) => {
      const ticketId = request.params.ticketId;
      if (!isObject(request.body)) {
        logger.warn(
          { operation, ticketId, code: 'BAD_REQUEST' },
          `${operation} refused: no JSON object body`,
        );
        return refuse(
          response,
          400,
          'BAD_REQUEST',
          'The body must be a JSON object { teamCode, betCredit } sent as application/json',
        );
      }
      const { teamCode, betCredit } = request.body;
      const outcome = await commands.record(operation, { ticketId, teamCode, betCredit });
      if (!outcome.ok) {
        logger.warn(
          { operation, ticketId, code: outcome.code },
          `${operation} refused: ${outcome.message}`,
        );
        return refuse(response, 400, outcome.code, outcome.message);
      }
      logger.info(
        { operation, ticketId, teamCode, betCredit, effect: outcome.effect },
        `ticket ${outcome.effect}`,
      );
      response.json(bodyOf(outcome.ticketId, outcome.status));
    };

  const read = async (request: Request<{ ticketId: string }>, response: Response) => {
    response.json(bodyOf(request.params.ticketId, await commands.status(request.params.ticketId)));
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
      logger.error({ err: error, path: request.path }, 'internal totalling call failed');
      return refuse(response, 500, 'INTERNAL_ERROR', 'Totalling could not record the ticket');
    }
    logger.warn(
      { path: request.path, status },
      `internal totalling call refused: ${String(error.message)}`,
    );
    refuse(response, status, 'BAD_REQUEST', `The body could not be read: ${String(error.message)}`);
  };

  return (app) => {
    const router = express.Router();
    const json = express.json({ limit: '16kb' });
    const local = (route: string) => route.replace('/internal', '');
    router.get(local(TOTALLING_INTERNAL_ROUTES.record), read);
    router.post(local(TOTALLING_INTERNAL_ROUTES.count), json, record('count'));
    router.post(local(TOTALLING_INTERNAL_ROUTES.reverse), json, record('reverse'));
    router.use((request, response) =>
      refuse(response, 404, 'NOT_FOUND', `No internal route ${request.method} ${request.path}`),
    );
    router.use(onError);
    app.use('/internal', router);
  };
}
