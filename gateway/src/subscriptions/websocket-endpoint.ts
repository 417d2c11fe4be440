import { randomUUID } from 'node:crypto';
import type { ServiceMap } from '@apollo/gateway';
import {
  accessDenied,
  checkAccess,
  operationDigest,
  SUBSCRIBE_METHOD,
  SUBSCRIBE_PATH,
  type AccessPolicy,
  type Identity,
  type ServiceTokens,
} from '@sportskk/identity';
import type { GraphQLWebSocketOptions, Logger } from '@sportskk/platform';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
} from 'graphql';
import type { WebSocket } from 'ws';
import type { GatewayLimits } from '../config.ts';
import { operationLimits, withTokenLimitCode } from '../limits/operation-limits.ts';
import { createCohorts, TOO_SLOW, TOO_SLOW_REASON, type Cohorts } from './cohorts.ts';
import { federatedSubscription, SubscriberTooSlow } from './federated-subscription.ts';
import type { PlannedSubscription, SubscriptionPlanning } from './planning.ts';
import { usesReservedNames } from './resumable.ts';
import type { Upstreams } from './upstreams.ts';

export interface GatewaySubscriptionsOptions {
  readonly planning: () => SubscriptionPlanning;
  readonly services: () => ServiceMap;
  readonly urlOf: (service: string) => string;
  readonly policy: () => AccessPolicy;
  /** Verifies `connectionParams.authorization` as the HTTP endpoint does its header. */
  readonly identify: (authorization: string | undefined) => Promise<Identity | undefined>;
  readonly tokens: ServiceTokens;
  readonly upstreams: Upstreams;
  readonly limits: GatewayLimits;
  /** Production: validation messages lose their "Did you mean" suggestions, as over HTTP. */
  readonly production: boolean;
  readonly logger: Logger;
  /** Events one subscriber with a cursor may have waiting; default 1,000. */
  readonly bufferSize?: number;
  /** Bytes a subscriber sharing a cohort may leave unsent on its connection; default 1 MiB. */
  readonly bufferBytes?: number;
}

interface Subscribing {
  /** Set when it may share a cohort: subscribers with the same key get the same results. */
  readonly cohort: string | undefined;
  readonly planned: PlannedSubscription;
  readonly planning: SubscriptionPlanning;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly identity: Identity;
  readonly correlationId: string;
  readonly socket: WebSocket;
  /** The subscription's id on its connection. */
  readonly id: string;
}

/** Whom a cohort's upstream calls speak for: its members' roles, no one person (the subject is a reserved one). */
const COHORT_SUBJECT = 'sportskk:subscription-cohort';

const refusal = (message: string, code: string) =>
  [new GraphQLError(message, { extensions: { code } })] as const;

/**
 * The gateway's graphql-ws endpoint: a connection proves its caller with `connectionParams.authorization` (a
 * bearer token, verified as over HTTP; without a valid one it is closed 4403), and runs subscriptions through the
 * supergraph, each within the limits and the authorization directives, as over HTTP.
 */
export function gatewaySubscriptions(
  options: GatewaySubscriptionsOptions,
): GraphQLWebSocketOptions {
  const { logger } = options;
  const exceeds = operationLimits(options.limits);
  // Each connection's token: verified at connect, and again at every subscribe (it may have expired since).
  const callers = new WeakMap<object, string | undefined>();
  const bufferSize = options.bufferSize ?? 1000;
  // One set of cohorts per loaded supergraph: a subscription made after a reload runs on the new plans.
  const cohorts = new WeakMap<SubscriptionPlanning, Cohorts>();
  const cohortsOf = (planning: SubscriptionPlanning) => {
    let found = cohorts.get(planning);
    if (!found) cohorts.set(planning, (found = createCohorts(options.bufferBytes ?? 1 << 20)));
    return found;
  };
  return {
    connectionInitWaitTimeout: 10_000,
    async onConnect(ctx) {
      const given = ctx.connectionParams?.['authorization'];
      const authorization = typeof given === 'string' ? given : undefined;
      const identity = await options.identify(authorization).catch(() => undefined);
      if (!identity) return false;
      callers.set(ctx.extra.socket, authorization);
      return true;
    },
    async onSubscribe(ctx, id, payload) {
      const identity = await options.identify(callers.get(ctx.extra.socket)).catch(() => undefined);
      if (!identity)
        return refusal(
          'The connection token has expired: connect again with a new one',
          'UNAUTHENTICATED',
        );
      const planning = options.planning();
      let document: DocumentNode;
      try {
        document = parse(payload.query, { maxTokens: options.limits.maxTokens });
      } catch (error) {
        const { message, extensions } = withTokenLimitCode({
          message: (error as Error).message,
          extensions: { code: 'GRAPHQL_PARSE_FAILED' },
        });
        return [new GraphQLError(message, { ...(extensions ? { extensions } : {}) })];
      }
      const invalid = validate(planning.schema, document);
      if (invalid.length > 0)
        return invalid.map(
          (error) =>
            new GraphQLError(
              options.production
                ? error.message.replace(/ ?Did you mean .+\?/g, '')
                : error.message,
              { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
            ),
        );
      const operation = getOperationAST(document, payload.operationName);
      if (!operation)
        return refusal('Name the operation to run (operationName)', 'OPERATION_RESOLUTION_FAILURE');
      if (operation.operation !== 'subscription')
        return refusal(
          'Only subscriptions run over WebSocket: send queries and mutations as HTTP POST to /graphql',
          'OPERATION_NOT_SUPPORTED',
        );
      const breach = exceeds(planning.schema, document);
      if (breach) return refusal(breach.message, breach.code);
      if (usesReservedNames(document))
        return refusal('The operation uses a name the gateway reserves', 'BAD_USER_INPUT');
      const denial = checkAccess(planning.schema, document, options.policy(), identity.roles, {
        introspection: false,
      });
      if (denial) return [accessDenied(denial)];
      const coerced = getVariableValues(
        planning.schema,
        operation.variableDefinitions ?? [],
        payload.variables ?? {},
      );
      if (coerced.errors)
        return coerced.errors.map(
          (error) => new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT' } }),
        );
      const variables = coerced.coerced;
      const planned = planning.plan(document, operation, variables);
      // Resumable from now: the same operation and variables for the same roles share one run (a cohort), made
      // for the roles alone. Others run alone: a cursor to catch up from, or a first answer (the totals now).
      const shared = planned.resume?.after === null;
      const subscribing: Subscribing = {
        cohort: shared
          ? JSON.stringify([
              payload.query,
              payload.operationName ?? null,
              variables,
              [...identity.roles].sort(),
            ])
          : undefined,
        planned,
        planning,
        variables,
        identity: shared ? { subject: COHORT_SUBJECT, roles: identity.roles } : identity,
        correlationId: randomUUID(),
        socket: ctx.extra.socket,
        id,
      };
      logger.info(
        { correlationId: subscribing.correlationId, operationName: operation.name?.value },
        'subscription started',
      );
      return {
        schema: planning.schema,
        document,
        variableValues: variables,
        operationName: payload.operationName ?? null,
        contextValue: subscribing,
      };
    },
    subscribe(args) {
      const subscribing = args.contextValue as Subscribing;
      const { identity, correlationId, socket } = subscribing;
      const run = () =>
        federatedSubscription({
          planned: subscribing.planned,
          planning: subscribing.planning,
          services: options.services(),
          upstreams: options.upstreams,
          urlOf: options.urlOf,
          authorize: async (service, payload) =>
            `Bearer ${await options.tokens.sign(service, {
              identity,
              binding: {
                method: SUBSCRIBE_METHOD,
                path: SUBSCRIBE_PATH,
                digest: operationDigest(payload.query, payload.variables),
              },
            })}`,
          variables: subscribing.variables,
          context: (deadline) => ({ correlationId, identity, deadline }),
          requestTimeoutMs: options.limits.requestTimeoutMs,
          maskErrors: options.production,
          logger,
          bufferSize,
        });
      if (subscribing.cohort)
        return cohortsOf(subscribing.planning).join(subscribing.cohort, run, {
          socket,
          id: subscribing.id,
        });
      return closingWhenTooSlow(run(), socket, logger, correlationId);
    },
    onComplete(_ctx, _id, payload) {
      logger.debug({ operationName: payload.operationName }, 'subscription completed');
    },
  };
}

/** A subscriber too slow for its buffer has its connection closed with TOO_SLOW instead of an error. */
export function closingWhenTooSlow(
  events: AsyncIterableIterator<unknown>,
  socket: WebSocket,
  logger: Logger,
  correlationId: string,
): AsyncIterableIterator<never> {
  const iterator = {
    async next() {
      try {
        return await events.next();
      } catch (error) {
        if (!(error instanceof SubscriberTooSlow)) throw error;
        logger.warn(
          { correlationId, bufferSize: error.bufferSize },
          'subscriber too slow; closing',
        );
        socket.close(TOO_SLOW, TOO_SLOW_REASON);
        return { done: true, value: undefined };
      }
    },
    return: () => events.return!(),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator as AsyncIterableIterator<never>;
}
