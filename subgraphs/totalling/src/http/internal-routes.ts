import {
  isTicketId,
  TOTALLING_INTERNAL_ROUTES,
  type TicketTotallingBody,
  type TotallingInternalErrorCode,
  type TotallingOperation,
} from '@sportskk/contracts';
import { internalJson, internalRoutes, refuse, type Logger } from '@sportskk/platform';
import type { Request, Response } from 'express';
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
const refuseWith = (
  response: Response,
  status: number,
  code: TotallingInternalErrorCode,
  message: string,
) => refuse(response, status, code, message);

/** A call that does not match the event log. */
const LOG_CONFLICTS = new Set<string>([
  'PURCHASE_NOT_FOUND',
  'PURCHASE_MISMATCH',
  'CANCELLATION_NOT_FOUND',
]);

/**
 * Totalling's internal endpoint (see the contract in @sportskk/contracts), for ticketing only: a bad request is 400
 * with its code, a call the event log does not back is 409 with its code.
 */
export function internalTotallingRoutes(
  commands: TotallingCommands,
  logger: Logger,
  authenticate: (request: Request) => Promise<string>,
) {
  const record =
    (operation: TotallingOperation) =>
    async (request: Request<{ ticketId: string }>, response: Response) => {
      const ticketId = request.params.ticketId;
      if (!isObject(request.body)) {
        logger.warn(
          { operation, ticketId, code: 'BAD_REQUEST' },
          `${operation} refused: no JSON object body`,
        );
        return refuseWith(
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
        return refuseWith(
          response,
          LOG_CONFLICTS.has(outcome.code) ? 409 : 400,
          outcome.code,
          outcome.message,
        );
      }
      logger.info(
        { operation, ticketId, teamCode, betCredit, effect: outcome.effect },
        `ticket ${outcome.effect}`,
      );
      response.json(bodyOf(outcome.ticketId, outcome.status));
    };

  const read = async (request: Request<{ ticketId: string }>, response: Response) => {
    const { ticketId } = request.params;
    if (!isTicketId(ticketId))
      return refuseWith(response, 400, 'BAD_REQUEST', 'ticketId must be a UUID');
    response.json(bodyOf(ticketId, await commands.status(ticketId)));
  };

  return internalRoutes(
    logger,
    (router) => {
      router.get(TOTALLING_INTERNAL_ROUTES.record, read);
      router.post(TOTALLING_INTERNAL_ROUTES.count, internalJson, record('count'));
      router.post(TOTALLING_INTERNAL_ROUTES.reverse, internalJson, record('reverse'));
    },
    { authenticate },
  );
}
