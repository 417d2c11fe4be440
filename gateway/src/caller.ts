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
 * but refused ends the request: 401 UNAUTHENTICATED, with the reason, and a WWW-Authenticate challenge.
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
