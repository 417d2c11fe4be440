import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GRAPHQL_ERROR_CODES } from '@sportskk/contracts';
import Negotiator from 'negotiator';
import type { GraphQLFormattedError } from 'graphql';
import { currentCorrelationId } from './correlation.ts';
import type { Logger } from './logger.ts';

/**
 * In production an error without a documented code (GRAPHQL_ERROR_CODES) says nothing of the internals:
 * INTERNAL_SERVER_ERROR and the request's correlation id (to find it in the logs), no message, path or stack.
 * Errors with a documented code pass, also when they come from a subgraph through the gateway.
 */
export function maskUnexpectedErrors(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    code !== 'INTERNAL_SERVER_ERROR' &&
    Object.hasOwn(GRAPHQL_ERROR_CODES, code)
  )
    return formatted;
  return {
    message: 'Internal server error',
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: currentCorrelationId() ?? null },
  };
}

/** Whether Apollo Server answers this Accept header with application/graphql-response+json (it negotiates alike). */
function answersGraphQLResponse(accept: string | undefined): boolean {
  if (!accept) return false;
  const preferred = new Negotiator({ headers: { accept } }).mediaType([
    'application/json; charset=utf-8',
    'application/graphql-response+json; charset=utf-8',
  ]);
  return preferred?.startsWith('application/graphql-response+json') ?? false;
}

/**
 * GraphQL over HTTP: a client that asked for `application/json` gets 200 with `errors` for a document that does not
 * parse or validate, or variables that do not fit; 400 stays for `application/graphql-response+json`.
 */
export function graphqlOverHttpStatus<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      if (answersGraphQLResponse(request.http?.headers.get('accept'))) return;
      return {
        async willSendResponse({ response }) {
          if (
            response.http.status === 400 &&
            response.body.kind === 'single' &&
            !('data' in response.body.singleResult)
          ) {
            response.http.status = 200;
          }
        },
      };
    },
  };
}

/** A documented code other than INTERNAL_SERVER_ERROR: a refusal the client is meant to read. */
const isExpected = (code: unknown) =>
  typeof code === 'string' &&
  code !== 'INTERNAL_SERVER_ERROR' &&
  Object.hasOwn(GRAPHQL_ERROR_CODES, code);

/** Logs every error without a documented code, with its stack and the correlation id the client was given. */
export function logUnexpectedErrors<Context extends BaseContext>(
  logger: Logger,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName }) {
          for (const error of errors) {
            if (isExpected(error.extensions?.code)) continue;
            logger.error(
              {
                err: unwrapResolverError(error),
                path: error.path,
                operationName,
                correlationId: currentCorrelationId(),
              },
              'unexpected error',
            );
          }
        },
      };
    },
  };
}
