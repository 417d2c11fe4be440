import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import { match, type MatchFunction } from 'path-to-regexp';
import { writeJson } from './json-response.ts';
import type { Logger } from './logger.ts';
import { pathOf } from './request-instrumentation.ts';

/** What an internal route reads of its call. */
export interface InternalCall {
  /** The path's parameters, decoded (e.g. `ticketId` of /internal/tickets/:ticketId). */
  readonly params: Readonly<Record<string, string>>;
  /** The parsed JSON body of a POST; undefined when there was none, or it was not sent as application/json. */
  readonly body: unknown;
  /** Who `authenticate` said called; undefined without it. */
  readonly caller: string | undefined;
  readonly correlationId: string;
}

/** An internal route's answer: its status and its JSON body. */
export interface InternalAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface InternalRoute {
  readonly method: 'GET' | 'POST';
  /** A full path under /internal, with `:name` parameters. */
  readonly path: string;
  readonly handle: (call: InternalCall) => Promise<InternalAnswer>;
}

/** The request as `authenticate` sees it. */
export interface InternalRequest {
  readonly headers: IncomingHttpHeaders;
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly originalUrl: string;
}

/** Serves the internal routes on Node's own request and response, given the request's correlation id. */
export type InternalEndpoint = (
  request: IncomingMessage,
  response: ServerResponse,
  correlationId: string,
) => void;

/** A refusal: `status` with a body `{ code, message }` with a stable code. */
export function refuse(status: number, code: string, message: string): InternalAnswer {
  return { status, body: { code, message } };
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
const readJson = express.json({ limit: '16kb' }) as unknown as (
  request: IncomingMessage,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void;

/**
 * The internal endpoint: `routes` (full paths under /internal), on Node's own request and response rather than
 * Express's pipeline (see graphqlOverHttp: it doubled the CPU a small call cost). Anything else under /internal
 * answers 404 NOT_FOUND; a body that cannot be read, or a path that cannot be decoded, 4xx BAD_REQUEST; any other
 * failure 500 INTERNAL_ERROR, logged, so a caller's breaker sees this service's health, not the request's.
 * `authenticate` runs first for every internal request and names the caller; a Refusal it throws is the answer.
 */
export function internalRoutes(
  logger: Logger,
  routes: readonly InternalRoute[],
  options: { readonly authenticate?: (request: InternalRequest) => Promise<string> } = {},
): InternalEndpoint {
  const table = routes.map((route) => ({
    ...route,
    matches: match(route.path) as MatchFunction<Record<string, string>>,
  }));
  const routed = (method: string, path: string) => {
    for (const route of table) {
      if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) continue;
      const found = route.matches(path);
      if (found) return { route, params: found.params };
    }
    return undefined;
  };
  const readBody = (request: IncomingMessage, response: ServerResponse) =>
    new Promise<unknown>((resolve, reject) =>
      readJson(request, response, (error) =>
        error ? reject(error) : resolve((request as { body?: unknown }).body),
      ),
    );

  const handle = async (
    request: IncomingMessage,
    response: ServerResponse,
    correlationId: string,
  ): Promise<InternalAnswer> => {
    const method = request.method ?? 'GET';
    const url = request.url ?? '/';
    const path = pathOf(url);
    let caller: string | undefined;
    if (options.authenticate) {
      try {
        caller = await options.authenticate({ headers: request.headers, method, originalUrl: url });
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        logger.warn({ path, code: error.code }, `internal call refused: ${error.message}`);
        return refuse(error.status, error.code, error.message);
      }
    }
    let found: ReturnType<typeof routed>;
    try {
      found = routed(method, path);
    } catch (error) {
      if (!(error instanceof URIError)) throw error;
      logger.warn({ path }, 'internal call refused: the path cannot be decoded');
      return refuse(400, 'BAD_REQUEST', 'The path cannot be decoded');
    }
    if (!found) return refuse(404, 'NOT_FOUND', `No internal route ${method} ${url}`);
    const { route, params } = found;
    let body: unknown;
    if (route.method === 'POST') {
      try {
        body = await readBody(request, response);
      } catch (error) {
        const { status, message } = error as { status?: unknown; message?: unknown };
        if (typeof status !== 'number' || status < 400 || status >= 500) throw error;
        logger.warn({ path, status }, `internal call refused: ${String(message)}`);
        return refuse(status, 'BAD_REQUEST', `The body could not be read: ${String(message)}`);
      }
    }
    return route.handle({ params, body, caller, correlationId });
  };

  return (request, response, correlationId) => {
    handle(request, response, correlationId).then(
      (answer) => writeJson(response, answer.status, answer.body),
      (error: unknown) => {
        logger.error({ err: error, path: pathOf(request.url) }, 'internal call failed');
        if (response.headersSent) return void response.destroy();
        const { status, body } = refuse(500, 'INTERNAL_ERROR', 'The call could not be handled');
        writeJson(response, status, body);
      },
    );
  };
}
