import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode } from 'graphql';
import { accessChecks, accessDenied, accessPolicyOf } from './access-policy.ts';
import type { Identity } from './identity.ts';

/**
 * A subgraph applies its own @authenticated and @requiresScopes to the end user the gateway vouched for, so a
 * token taken from the network buys no more than its user may do. (The gateway has refused such operations before.)
 */
export function enforceAccessPolicy<Context extends BaseContext>(
  typeDefs: DocumentNode,
  identityOf: (context: Context) => Identity | undefined,
): ApolloServerPlugin<Context> {
  const policy = accessPolicyOf(typeDefs);
  const access = accessChecks({ introspection: false });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          const denial = access(schema, document, policy, identityOf(contextValue)?.roles);
          if (denial) throw accessDenied(denial);
        },
      };
    },
  };
}
