import type { GraphQLWebSocketOptions } from '@sportskk/platform';
import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
} from 'graphql';
import { accessDenied, accessPolicyOf, checkAccess } from './access-policy.ts';
import { bearerTokenOf } from './bearer-tokens.ts';
import type { Identity } from './identity.ts';
import { TokenRefused } from './identity.ts';
import { operationDigest, type ServiceTokens } from './service-tokens.ts';

/** What a service token for one graphql-ws subscribe is bound to: not an HTTP method, so neither replays as the other. */
export const SUBSCRIBE_METHOD = 'SUBSCRIBE';
export const SUBSCRIBE_PATH = '/graphql';

/**
 * A subgraph's graphql-ws endpoint: each subscribe must carry, in `extensions.authorization`, a service token of
 * one of `callers` made for this very operation (query and variables); the end user it vouches for must pass the
 * subgraph's own @authenticated and @requiresScopes. Refusals are GraphQL errors with a stable code.
 */
export function subgraphSubscriptions<Context>(options: {
  readonly schema: GraphQLSchema;
  readonly typeDefs: DocumentNode;
  readonly tokens: ServiceTokens;
  readonly callers: readonly string[];
  readonly context: (identity: Identity | undefined) => Context;
}): GraphQLWebSocketOptions {
  const { schema, tokens, callers } = options;
  const policy = accessPolicyOf(options.typeDefs);
  return {
    schema,
    async onSubscribe(_ctx, _id, payload) {
      const authorization = payload.extensions?.['authorization'];
      const token = bearerTokenOf(typeof authorization === 'string' ? authorization : undefined);
      let identity: Identity | undefined;
      try {
        if (token === undefined)
          throw new TokenRefused('missing', 'The call carries no service token');
        ({ identity } = await tokens.verify(token, callers, {
          method: SUBSCRIBE_METHOD,
          path: SUBSCRIBE_PATH,
          digest: operationDigest(payload.query, payload.variables),
        }));
      } catch (error) {
        if (!(error instanceof TokenRefused)) throw error;
        return [
          new GraphQLError(`Only ${callers.join(', ')} may call this service: ${error.message}`, {
            extensions: { code: 'UNAUTHENTICATED', reason: error.problem },
          }),
        ];
      }
      let document: DocumentNode;
      try {
        document = parse(payload.query);
      } catch (error) {
        return [error as GraphQLError];
      }
      const invalid = validate(schema, document, specifiedRules);
      if (invalid.length > 0) return invalid;
      const denial = checkAccess(schema, document, policy, identity?.roles, {
        introspection: false,
      });
      if (denial) return [accessDenied(denial)];
      return {
        schema,
        document,
        variableValues: payload.variables ?? {},
        operationName: payload.operationName ?? null,
        contextValue: options.context(identity),
      };
    },
  };
}
