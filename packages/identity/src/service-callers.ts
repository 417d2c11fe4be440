import { Refusal } from '@sportskk/platform';
import { GraphQLError } from 'graphql';
import { bearerTokenOf } from './bearer-tokens.ts';
import { TokenRefused } from './identity.ts';
import {
  operationDigest,
  type RequestBinding,
  type ServiceCall,
  type ServiceTokens,
} from './service-tokens.ts';

const verified = async (
  tokens: ServiceTokens,
  callers: readonly string[],
  authorization: string | undefined,
  binding?: RequestBinding,
): Promise<ServiceCall> => {
  const token = bearerTokenOf(authorization);
  if (token === undefined) throw new TokenRefused('missing', 'The call carries no service token');
  return tokens.verify(token, callers, binding);
};

/** What a caller check reads of an Express request. */
interface IncomingCall {
  readonly headers: { readonly authorization?: string | undefined };
  readonly method: string;
  readonly originalUrl: string;
  readonly body?: unknown;
}

/**
 * For a subgraph's GraphQL endpoint: the verified call, made for this very operation (method, path, query and
 * variables), or a GraphQLError UNAUTHENTICATED (401) for anyone else.
 */
export function graphqlCallerOf(
  tokens: ServiceTokens,
  callers: readonly string[],
): (request: IncomingCall) => Promise<ServiceCall> {
  return async (request) => {
    const body = (request.body ?? {}) as { query?: unknown; variables?: unknown };
    try {
      return await verified(tokens, callers, request.headers.authorization, {
        method: request.method,
        path: request.originalUrl,
        digest: operationDigest(body.query, body.variables),
      });
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      throw new GraphQLError(`Only ${callers.join(', ')} may call this service: ${error.message}`, {
        extensions: { code: 'UNAUTHENTICATED', reason: error.problem, http: { status: 401 } },
      });
    }
  };
}

/**
 * For an internal endpoint: the verified call, made for this very request (method and path), or a Refusal (401
 * UNAUTHENTICATED, or 403 FORBIDDEN for another service).
 */
export function internalCallerOf(
  tokens: ServiceTokens,
  callers: readonly string[],
): (request: IncomingCall) => Promise<ServiceCall> {
  return async (request) => {
    try {
      return await verified(tokens, callers, request.headers.authorization, {
        method: request.method,
        path: request.originalUrl,
      });
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      if (error.problem === 'wrong caller') throw new Refusal(403, 'FORBIDDEN', error.message);
      throw new Refusal(401, 'UNAUTHENTICATED', error.message);
    }
  };
}
