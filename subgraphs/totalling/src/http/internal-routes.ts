import {
  isTicketId,
  TOTALLING_INTERNAL_ROUTES,
  type TicketTotallingBody,
  type TotallingInternalErrorCode,
  type TotallingOperation,
} from '@sportskk/contracts';
import {
  internalRoutes,
  refuse,
  type InternalCall,
  type InternalRequest,
  type Logger,
} from '@sportskk/platform';
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
const refuseWith = (status: number, code: TotallingInternalErrorCode, message: string) =>
  refuse(status, code, message);
const ok = (body: TicketTotallingBody) => ({ status: 200, body });

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
  authenticate: (request: InternalRequest) => Promise<string>,
) {
  const record =
    (operation: TotallingOperation) =>
    async ({ params, body }: InternalCall) => {
      const ticketId = params.ticketId!;
      if (!isObject(body)) {
        logger.warn(
          { operation, ticketId, code: 'BAD_REQUEST' },
          `${operation} refused: no JSON object body`,
        );
        return refuseWith(
          400,
          'BAD_REQUEST',
          'The body must be a JSON object { teamCode, betCredit } sent as application/json',
        );
      }
      const { teamCode, betCredit } = body;
      const outcome = await commands.record(operation, { ticketId, teamCode, betCredit });
      if (!outcome.ok) {
        logger.warn(
          { operation, ticketId, code: outcome.code },
          `${operation} refused: ${outcome.message}`,
        );
        return refuseWith(
          LOG_CONFLICTS.has(outcome.code) ? 409 : 400,
          outcome.code,
          outcome.message,
        );
      }
      logger.info(
        { operation, ticketId, teamCode, betCredit, effect: outcome.effect },
        `ticket ${outcome.effect}`,
      );
      return ok(bodyOf(outcome.ticketId, outcome.status));
    };

  const read = async ({ params }: InternalCall) => {
    const ticketId = params.ticketId!;
    if (!isTicketId(ticketId)) return refuseWith(400, 'BAD_REQUEST', 'ticketId must be a UUID');
    return ok(bodyOf(ticketId, await commands.status(ticketId)));
  };

  return internalRoutes(
    logger,
    [
      { method: 'GET', path: TOTALLING_INTERNAL_ROUTES.record, handle: read },
      { method: 'POST', path: TOTALLING_INTERNAL_ROUTES.count, handle: record('count') },
      { method: 'POST', path: TOTALLING_INTERNAL_ROUTES.reverse, handle: record('reverse') },
    ],
    { authenticate },
  );
}
