import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayLimits } from '../config.ts';
import { mutationRateLimit } from '../limits/mutation-rate.ts';
import { operationLimits, rootFieldCount } from '../limits/operation-limits.ts';
import type { GatewayContext } from '../subgraph-data-source.ts';
import { accessChecks, accessDenied, type AccessPolicy } from '@sportskk/identity';

/**
 * Every operation, once parsed and validated and before it is planned: within the limits (each breach with its
 * code), allowed to this caller by the supergraph's authorization directives, and for mutations within the caller's
 * rate. Anonymous callers may only introspect, and only where introspection is on. Statuses: 401 UNAUTHENTICATED
 * (with a Bearer challenge), 403 FORBIDDEN, 429 RATE_LIMITED, 400 for a limit.
 */
export function guardPlugin(options: {
  readonly limits: GatewayLimits;
  readonly policy: () => AccessPolicy;
  readonly introspection: boolean;
}): ApolloServerPlugin<GatewayContext> {
  const exceeds = operationLimits(options.limits);
  const access = accessChecks({ introspection: options.introspection });
  const rate = mutationRateLimit(options.limits.mutationsPerMinute);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, contextValue, operation, request }) {
          // Left to @apollo/gateway, an unknown operationName would be a 500.
          if (!operation)
            throw new GraphQLError(
              request.operationName
                ? `Unknown operation named "${request.operationName}"`
                : 'Name the operation to run (operationName): the document has several',
              { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
            );
          const breach = exceeds(schema, document);
          // A request error like a validation failure: 400, which application/json clients get as 200.
          if (breach)
            throw new GraphQLError(breach.message, {
              extensions: { code: breach.code, http: { status: 400 } },
            });
          const identity = contextValue.identity;
          const denial = access(schema, document, options.policy(), identity?.roles);
          if (denial) throw accessDenied(denial);
          if (operation.operation !== 'mutation' || !identity) return;
          const limited = await rate(identity.subject, rootFieldCount(document, operation));
          if (limited) {
            throw new GraphQLError(`Too many mutations; retry in ${limited.retryAfterSeconds} s`, {
              extensions: {
                code: 'RATE_LIMITED',
                retryAfterSeconds: limited.retryAfterSeconds,
                http: {
                  status: 429,
                  headers: new Map([['retry-after', String(limited.retryAfterSeconds)]]),
                },
              },
            });
          }
        },
      };
    },
  };
}
