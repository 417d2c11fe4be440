import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express';
import type { Logger } from '@sportskk/service';
import type { TotallingOperation } from '../domain/ticket-totalling.ts';
import type { TotallingCommands } from '../app/totalling-commands.ts';

/** The body of POST /internal/tickets/:ticketId/(count|reverse). */
interface TicketBody {
  readonly teamCode?: unknown;
  readonly betCredit?: unknown;
}

const isObject = (value: unknown): value is TicketBody => typeof value === 'object' && value !== null && !Array.isArray(value);
const iso = (date: Date | null) => date?.toISOString() ?? null;

/**
 * The internal endpoint of the guarded sync call: POST /internal/tickets/:ticketId/count and .../reverse
 * with `{ teamCode, betCredit }`. 200 `{ ticketId, counted, countedAt, reversedAt }`; 400
 * `{ code: UNKNOWN_TEAM | INVALID_BET_CREDIT | BAD_REQUEST, message }`; 500 when the store fails
 * (so the caller's breaker sees totalling's health, not the request's).
 */
export function internalTotallingRoutes(commands: TotallingCommands, logger: Logger): (app: Express) => void {
  const handle = (operation: TotallingOperation) => async (request: Request<{ ticketId: string }>, response: Response) => {
    const body: TicketBody | undefined = isObject(request.body) ? request.body : undefined;
    const ticketId = request.params.ticketId;
    if (body === undefined) {
      logger.warn({ operation, ticketId, code: 'BAD_REQUEST' }, `${operation} refused: no JSON object body`);
      return void response.status(400).json({ code: 'BAD_REQUEST', message: 'The body must be a JSON object { teamCode, betCredit } sent as application/json' });
    }
    const outcome = await commands.record(operation, { ticketId, teamCode: body.teamCode, betCredit: body.betCredit });
    if (!outcome.ok) {
      logger.warn({ operation, ticketId, code: outcome.code }, `${operation} refused: ${outcome.message}`);
      return void response.status(400).json({ code: outcome.code, message: outcome.message });
    }
    const { status } = outcome;
    logger.info({ operation, ticketId, teamCode: body.teamCode, betCredit: body.betCredit, effect: outcome.effect }, `ticket ${outcome.effect}`);
    response.json({ ticketId: outcome.ticketId, counted: status.counted, countedAt: iso(status.countedAt), reversedAt: iso(status.reversedAt) });
  };

  const onError: ErrorRequestHandler = (error: { status?: unknown; message?: unknown }, request, response, _next) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) {
      logger.error({ err: error, path: request.path }, 'internal totalling call failed');
      return void response.status(500).json({ code: 'INTERNAL_ERROR', message: 'Totalling could not record the ticket' });
    }
    logger.warn({ path: request.path, status }, `internal totalling call refused: ${String(error.message)}`);
    response.status(status).json({ code: 'BAD_REQUEST', message: `The body could not be read: ${String(error.message)}` });
  };

  return (app) => {
    const router = express.Router();
    const json = express.json({ limit: '16kb' });
    router.post('/tickets/:ticketId/count', json, handle('count'));
    router.post('/tickets/:ticketId/reverse', json, handle('reverse'));
    router.use((request, response) => void response.status(404).json({ code: 'NOT_FOUND', message: `No internal route ${request.method} ${request.path}` }));
    router.use(onError);
    app.use('/internal', router);
  };
}
