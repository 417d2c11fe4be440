import {
  bearerTokenOf,
  createBearerTokenVerifier,
  TokenRefused,
  type BearerTokenSettings,
  type Identity,
} from '@sportskk/identity';
import type { Logger } from '@sportskk/platform';
import { GraphQLError } from 'graphql';

/**
 * The caller of a request: the identity its bearer token proves, or undefined without one. A token that is there
 * but refused ends the request: 401 UNAUTHENTICATED, with the reason, and a WWW-Authenticate challenge; 503
 * AUTHENTICATION_UNAVAILABLE when the identity provider's keys cannot be fetched.
 */
export function callerIdentity(
  settings: BearerTokenSettings,
  logger: Logger,
): (authorization: string | undefined) => Promise<Identity | undefined> {
  const verify = createBearerTokenVerifier(settings);
  return async (authorization) => {
    try {
      const token = bearerTokenOf(authorization);
      return token === undefined ? undefined : await verify(token);
    } catch (error) {
      if (!(error instanceof TokenRefused)) throw error;
      if (error.problem === 'keys unavailable') {
        logger.error("the identity provider's keys cannot be fetched: no token can be checked");
        throw new GraphQLError('Sign-in cannot be checked right now; try again shortly', {
          extensions: {
            code: 'AUTHENTICATION_UNAVAILABLE',
            retryable: true,
            http: { status: 503, headers: new Map([['retry-after', '5']]) },
          },
        });
      }
      logger.warn({ reason: error.problem }, 'bearer token refused');
      const challenge = `Bearer error="invalid_token", error_description="${error.message}"`;
      throw new GraphQLError(`Not authenticated: ${error.message}`, {
        extensions: {
          code: 'UNAUTHENTICATED',
          reason: error.problem,
          http: { status: 401, headers: new Map([['www-authenticate', challenge]]) },
        },
      });
    }
  };
}
