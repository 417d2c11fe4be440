import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
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
  validate,
  type DocumentNode,
} from 'graphql';
import type { ExecutionResult } from 'graphql-ws';
import type { WebSocket } from 'ws';
import type { GatewayLimits } from '../config.ts';
import { operationLimits } from '../limits/operation-limits.ts';
import { checkedDocuments } from './checked-documents.ts';
import { createCohorts, TOO_SLOW, TOO_SLOW_REASON, type Cohorts } from './cohorts.ts';
import {
  federatedSubscription,
  SubscriberTooSlow,
  type SubscriptionEvent,
} from './federated-subscription.ts';
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
  readonly cohort:
    | {
        readonly key: string;
        /** The cohort's run: from now, for the roles alone. */
        readonly planned: PlannedSubscription;
        readonly variables: Readonly<Record<string, unknown>>;
        readonly identity: Identity;
        /** Where this subscriber starts (null: from now). */
        readonly after: string | null;
      }
    | undefined;
  readonly planned: PlannedSubscription;
  readonly planning: SubscriptionPlanning;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly identity: Identity;
  readonly correlationId: string;
  readonly socket: WebSocket;
  /** The connection's TCP socket. */
  readonly transport: Socket;
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
export interface GatewaySubscriptions {
  readonly options: GraphQLWebSocketOptions;
  /**
   * After a supergraph reload: every running subscription still valid on `planning` keeps running (on its plan);
   * one that no longer is ends with GRAPHQL_VALIDATION_FAILED, naming what changed.
   */
  revalidate(planning: SubscriptionPlanning): void;
}

export function gatewaySubscriptions(options: GatewaySubscriptionsOptions): GatewaySubscriptions {
  const { logger } = options;
  const exceeds = operationLimits(options.limits);
  const checkDocument = checkedDocuments({
    maxTokens: options.limits.maxTokens,
    production: options.production,
  });
  // Each connection's token: verified at connect, and again at every subscribe (it may have expired since).
  const callers = new WeakMap<object, string | undefined>();
  const running = new Set<{
    readonly document: DocumentNode;
    end(errors: readonly GraphQLError[]): void;
  }>();
  const bufferSize = options.bufferSize ?? 1000;
  // One set of cohorts per loaded supergraph: a subscription made after a reload runs on the new plans.
  const cohorts = new WeakMap<SubscriptionPlanning, Cohorts>();
  const cohortsOf = (planning: SubscriptionPlanning) => {
    let found = cohorts.get(planning);
    if (!found)
      cohorts.set(
        planning,
        (found = createCohorts({
          maxBufferedBytes: options.bufferBytes ?? 1 << 20,
          recentResults: bufferSize,
        })),
      );
    return found;
  };
  const wsOptions: GraphQLWebSocketOptions = {
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
      const checked = checkDocument(planning.schema, payload.query);
      if (checked.errors) return [...checked.errors];
      const { document } = checked;
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
      // Resumable ones share a run from now (a cohort) with every subscriber of the same operation, variables and
      // roles, made for the roles alone; one with a cursor catches up on its own run first. The rest run alone
      // (e.g. a first answer: the totals now).
      const resume = planned.resume;
      const shared = resume && withoutVariable(variables, resume.afterVariable);
      const subscribing: Subscribing = {
        cohort: resume && {
          key: JSON.stringify([
            resume.fromNow,
            payload.operationName ?? null,
            shared,
            [...identity.roles].sort(),
          ]),
          planned: { ...planned, resume: { ...resume, after: null } },
          variables: shared!,
          identity: { subject: COHORT_SUBJECT, roles: identity.roles },
          after: resume.after,
        },
        planned,
        planning,
        variables,
        identity,
        correlationId: randomUUID(),
        socket: ctx.extra.socket,
        transport: ctx.extra.request.socket,
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
      const { correlationId, socket, cohort } = subscribing;
      const run = (
        planned: PlannedSubscription,
        identity: Identity,
        variables: Readonly<Record<string, unknown>>,
      ) =>
        federatedSubscription({
          planned,
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
          variables,
          context: (deadline) => ({ correlationId, identity, deadline }),
          requestTimeoutMs: options.limits.requestTimeoutMs,
          maskErrors: options.production,
          logger,
          bufferSize,
        });
      const alone = () => run(subscribing.planned, subscribing.identity, subscribing.variables);
      const events = cohort
        ? cohortsOf(subscribing.planning).join(
            cohort.key,
            () => run(cohort.planned, cohort.identity, cohort.variables),
            { socket, id: subscribing.id, transport: subscribing.transport },
            cohort.after === null ? undefined : { after: cohort.after, start: alone },
          )
        : closingWhenTooSlow(results(alone()), socket, logger, correlationId);
      return endable(events, args.document, running);
    },
    onComplete(_ctx, _id, payload) {
      logger.debug({ operationName: payload.operationName }, 'subscription completed');
    },
  };
  return {
    options: wsOptions,
    revalidate(planning) {
      for (const subscription of running) {
        const invalid = validate(planning.schema, subscription.document);
        if (invalid.length === 0) continue;
        subscription.end(
          invalid.map(
            (error) =>
              new GraphQLError(`The schema changed: ${error.message}`, {
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              }),
          ),
        );
      }
    },
  };
}

/**
 * A running subscription the gateway can end with errors (a last `next` carrying them, then the end); it is in
 * `running` until it ends either way.
 */
function endable(
  events: AsyncIterableIterator<ExecutionResult>,
  document: DocumentNode,
  running: Set<{ readonly document: DocumentNode; end(errors: readonly GraphQLError[]): void }>,
): AsyncIterableIterator<ExecutionResult> {
  let ending: ((errors: readonly GraphQLError[]) => void) | undefined;
  let ended: readonly GraphQLError[] | undefined;
  let finished = false;
  const entry = {
    document,
    end(errors: readonly GraphQLError[]) {
      ended = errors;
      running.delete(entry);
      ending?.(errors);
      void events.return?.();
    },
  };
  running.add(entry);
  const finish = () => {
    finished = true;
    running.delete(entry);
  };
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      if (finished) return { done: true, value: undefined };
      if (ended) return (finish(), { done: false, value: { errors: ended } });
      const stopped = new Promise<readonly GraphQLError[]>((resolve) => (ending = resolve));
      const next = await Promise.race([events.next(), stopped]);
      ending = undefined;
      if (Array.isArray(next)) return (finish(), { done: false, value: { errors: next } });
      const result = next as IteratorResult<ExecutionResult>;
      if (result.done) finish();
      return result;
    },
    return: async () => {
      finish();
      await events.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** `variables` without `name`. */
function withoutVariable(
  variables: Readonly<Record<string, unknown>>,
  name: string | undefined,
): Readonly<Record<string, unknown>> {
  if (name === undefined || !(name in variables)) return variables;
  const { [name]: _dropped, ...rest } = variables;
  return rest;
}

/** The results of a stream of events; return() passes straight on, so it ends the stream even while it waits. */
function results(
  events: AsyncIterableIterator<SubscriptionEvent>,
): AsyncIterableIterator<ExecutionResult> {
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const step = await events.next();
      if (step.done) return { done: true, value: undefined };
      return { done: false, value: step.value.result };
    },
    return: async () => (await events.return?.(), { done: true, value: undefined }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
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
