import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GRAPHQL_ERROR_CODES } from '@sportskk/contracts';
import { Counter, Histogram, type Registry } from 'prom-client';
import { metricOnce } from './metrics.ts';

/**
 * Prometheus metrics of every GraphQL request: its duration by operation name and type, and its errors by
 * `extensions.code`. Labels stay bounded: the first `maxOperationNames` names seen, then "other"; a code outside
 * GRAPHQL_ERROR_CODES counts as INTERNAL_SERVER_ERROR, which is what a client in production sees.
 */
export function graphqlMetrics<Context extends BaseContext>(
  registry: Registry,
  options: { readonly maxOperationNames?: number } = {},
): ApolloServerPlugin<Context> {
  const registers = [registry];
  const durations = metricOnce(
    registry,
    'graphql_request_duration_seconds',
    () =>
      new Histogram({
        name: 'graphql_request_duration_seconds',
        help: 'GraphQL requests by operation name and type (query, mutation, subscription; unknown when unparsed)',
        labelNames: ['operation', 'type'],
        registers,
      }),
  );
  const errors = metricOnce(
    registry,
    'graphql_errors_total',
    () =>
      new Counter({
        name: 'graphql_errors_total',
        help: 'GraphQL errors answered, by extensions.code',
        labelNames: ['code'],
        registers,
      }),
  );
  const names = new Set<string>();
  const nameOf = (operationName: string | null | undefined) => {
    if (!operationName) return 'anonymous';
    if (names.has(operationName)) return operationName;
    if (names.size >= (options.maxOperationNames ?? 100)) return 'other';
    names.add(operationName);
    return operationName;
  };
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async didEncounterErrors({ errors: found }) {
          for (const error of found) {
            const code = error.extensions?.['code'];
            const known = typeof code === 'string' && Object.hasOwn(GRAPHQL_ERROR_CODES, code);
            errors.inc({ code: known ? code : 'INTERNAL_SERVER_ERROR' });
          }
        },
        async willSendResponse({ operationName, operation }) {
          durations.observe(
            { operation: nameOf(operationName), type: operation?.operation ?? 'unknown' },
            (performance.now() - started) / 1000,
          );
        },
      };
    },
  };
}
