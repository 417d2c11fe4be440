import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { currentCorrelationId } from './correlation.ts';

/**
 * In production an error without a code of ours says nothing of the internals: INTERNAL_SERVER_ERROR and the
 * request's correlation id (to find it in the logs), no message, path or stack. Errors with a stable code pass.
 */
export function maskUnexpectedErrors(
  formatted: GraphQLFormattedError,
  error: unknown,
): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (
    typeof code === 'string' &&
    code !== 'INTERNAL_SERVER_ERROR' &&
    unwrapResolverError(error) instanceof GraphQLError
  )
    return formatted;
  return {
    message: 'Internal server error',
    extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: currentCorrelationId() ?? null },
  };
}

/**
 * GraphQL over HTTP: a client that asked for `application/json` gets 200 with `errors` for a document that does not
 * parse or validate, or variables that do not fit; 400 stays for `application/graphql-response+json`.
 */
export function graphqlOverHttpStatus<Context extends BaseContext>(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      const accept = request.http?.headers.get('accept') ?? '';
      if (accept.includes('application/graphql-response+json')) return;
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
