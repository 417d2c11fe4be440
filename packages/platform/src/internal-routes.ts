import express, {
  type ErrorRequestHandler,
  type Express,
  type Request,
  type Response,
  type Router,
} from 'express';
import type { Logger } from './logger.ts';

/** An internal endpoint's refusal: its status and a body `{ code, message }` with a stable code. */
export function refuse(response: Response, status: number, code: string, message: string): void {
  response.status(status).json({ code, message });
}

/** A request refused before it reaches a route, e.g. by `authenticate`. */
export class Refusal extends Error {
  override readonly name = 'Refusal';
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** JSON bodies of internal calls: small, and only application/json. */
export const internalJson = express.json({ limit: '16kb' });

/**
 * Mounts the routes `define` adds (full paths under /internal). Anything else under /internal answers 404 NOT_FOUND;
 * a body that cannot be read answers 4xx BAD_REQUEST; any other failure answers 500 INTERNAL_ERROR and is logged,
 * so a caller's breaker sees this service's health, not the request's. `authenticate` runs first for every internal
 * route and names the caller (`response.locals.caller`); a Refusal it throws is the answer.
 */
export function internalRoutes(
  logger: Logger,
  define: (router: Router) => void,
  options: { readonly authenticate?: (request: Request) => Promise<string> } = {},
): (app: Express) => void {
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
      logger.error({ err: error, path: request.path }, 'internal call failed');
      return refuse(response, 500, 'INTERNAL_ERROR', 'The call could not be handled');
    }
    logger.warn({ path: request.path, status }, `internal call refused: ${String(error.message)}`);
    refuse(response, status, 'BAD_REQUEST', `The body could not be read: ${String(error.message)}`);
  };
  return (app) => {
    const router = express.Router();
    if (options.authenticate) {
      const authenticate = options.authenticate;
      router.use('/internal', async (request, response, next) => {
        try {
          response.locals.caller = await authenticate(request);
          next();
        } catch (error) {
          if (!(error instanceof Refusal)) return next(error);
          logger.warn(
            { path: request.path, code: error.code },
            `internal call refused: ${error.message}`,
          );
          refuse(response, error.status, error.code, error.message);
        }
      });
    }
    define(router);
    router.use('/internal', (request, response) =>
      refuse(
        response,
        404,
        'NOT_FOUND',
        `No internal route ${request.method} ${request.originalUrl}`,
      ),
    );
    router.use(onError);
    app.use(router);
  };
}
