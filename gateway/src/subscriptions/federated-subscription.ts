import { executeQueryPlan, type ServiceMap } from '@apollo/gateway';
import { backoff } from '@sportskk/backoff';
import { maskUnexpectedErrors, withCorrelationId, type Logger } from '@sportskk/platform';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ExecutionResult, FormattedExecutionResult, SubscribePayload } from 'graphql-ws';
import type { GatewayContext } from '../subgraph-data-source.ts';
import type { PlannedSubscription, SubscriptionPlanning } from './planning.ts';
import { CURSOR_ALIAS, RESUME_VARIABLE } from './resumable.ts';
import type { Upstreams } from './upstreams.ts';

type RequestContext = Parameters<typeof executeQueryPlan>[2];

/** One event as the client asked for it, with the event-log cursor it was sent under (resumable ones only). */
export interface SubscriptionEvent {
  readonly result: ExecutionResult;
  readonly cursor: string | undefined;
}

/** A subscriber fell more than its buffer behind: close its connection with this code; it resumes from its cursor. */
export class SubscriberTooSlow extends Error {
  readonly bufferSize: number;
  constructor(bufferSize: number) {
    super(`More than ${bufferSize} events waited for this subscriber`);
    this.name = 'SubscriberTooSlow';
    this.bufferSize = bufferSize;
  }
}

export interface FederatedSubscriptionOptions {
  readonly planned: PlannedSubscription;
  readonly planning: SubscriptionPlanning;
  readonly services: ServiceMap;
  readonly upstreams: Upstreams;
  /** The subgraph URL for a service name (configured ones win over the supergraph's). */
  readonly urlOf: (service: string) => string;
  /** Signs the subscribe for the subgraph: the `extensions.authorization` of the upstream payload. */
  readonly authorize: (service: string, payload: SubscribePayload) => Promise<string>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly context: (deadline: number) => GatewayContext;
  readonly requestTimeoutMs: number;
  /** Production: an error without a documented code is sent as INTERNAL_SERVER_ERROR (logged in full). */
  readonly maskErrors?: boolean;
  readonly logger: Logger;
  /** Events one subscriber may have waiting; default 1,000. */
  readonly bufferSize?: number;
  /** First wait before reopening a broken upstream stream; default 100 ms, growing to 5 s. */
  readonly retryMs?: number;
}

/**
 * One client subscription through the supergraph: the root field as a graphql-ws stream from its subgraph, each
 * event completed by the rest of the plan with @apollo/gateway's executor. A broken upstream stream is reopened
 * after the last cursor seen (for resumable subscriptions), so the client misses nothing; otherwise it ends.
 * Not a generator: return() must end it at once, even while it waits.
 */
export function federatedSubscription(
  options: FederatedSubscriptionOptions,
): AsyncIterableIterator<SubscriptionEvent> {
  const { planned, planning, logger } = options;
  const { primary, rest, resume } = planned;
  const bufferSize = options.bufferSize ?? 1000;
  const delays = backoff({ initialMs: options.retryMs ?? 100, maxMs: 5000 });
  const rootField = planned.operationContext.operation.selectionSet.selections[0];
  const responseKey =
    rootField?.kind === 'Field' ? (rootField.alias?.value ?? rootField.name.value) : undefined;
  // Each event's answer starts as it arrives (the per-event fetches of many events overlap); handed over in order.
  const queue: Array<{ answered: Promise<ExecutionResult>; cursor: string | undefined }> = [];
  let failure: Error | undefined;
  let completed = false;
  let closed = false;
  let after = resume?.after ?? null;
  let unsubscribe: (() => void) | undefined;
  let wake: (() => void) | undefined;
  let retry: NodeJS.Timeout | undefined;
  const signal = () => {
    const woken = wake;
    wake = undefined;
    woken?.();
  };

  const open = async () => {
    if (closed) return;
    const variables: Record<string, unknown> = {};
    for (const name of primary.variableUsages ?? [])
      if (name in options.variables) variables[name] = options.variables[name];
    if (resume) variables[RESUME_VARIABLE] = after;
    const payload: SubscribePayload = {
      query: primary.operation,
      variables,
      ...(primary.operationName ? { operationName: primary.operationName } : {}),
    };
    let authorization: string;
    try {
      authorization = await options.authorize(primary.serviceName, payload);
    } catch (error) {
      failure = error as Error;
      return signal();
    }
    if (closed) return;
    unsubscribe = options.upstreams.subscribe(
      options.urlOf(primary.serviceName),
      { ...payload, extensions: { authorization } },
      {
        next(result) {
          delays.reset();
          const cursor = (result.data?.[responseKey!] as Record<string, unknown> | undefined)?.[
            CURSOR_ALIAS
          ];
          if (typeof cursor === 'string') after = cursor;
          const answered = answer(result);
          answered.catch(() => undefined); // awaited in order by next(); dropped ones must not go unhandled
          queue.push({ answered, cursor: typeof cursor === 'string' ? cursor : undefined });
          if (queue.length > bufferSize) {
            failure = new SubscriberTooSlow(bufferSize);
            queue.length = 0;
            unsubscribe?.();
          }
          signal();
        },
        complete() {
          completed = true;
          signal();
        },
        broken(error) {
          if (closed) return;
          if (!resume) {
            failure = new Error(`The ${primary.serviceName} service ended the stream`, {
              cause: error,
            });
            return signal();
          }
          const retryInMs = Math.round(delays.next());
          logger.warn(
            { service: primary.serviceName, retryInMs, after },
            'upstream subscription broken; reopening after the last cursor',
          );
          retry = setTimeout(() => void reopen(), retryInMs);
        },
      },
    );
  };

  /** Opening again may fail at once (e.g. the service left the supergraph): that ends the subscription. */
  const reopen = async () => {
    try {
      await open();
    } catch (error) {
      failure = error as Error;
      signal();
    }
  };

  /** Errors as the client may see them: masked in production unless documented, as over HTTP. */
  const shown = (result: ExecutionResult): ExecutionResult => {
    if (!options.maskErrors || !result.errors) return result;
    const correlationId = options.context(0).correlationId;
    const errors = result.errors.map((error) => {
      const masked = withCorrelationId(correlationId, () => maskUnexpectedErrors(error.toJSON()));
      if (masked.extensions?.['code'] === error.extensions['code']) return error;
      logger.error({ err: error, correlationId }, 'unexpected error in a subscription event');
      return new GraphQLError(masked.message, {
        ...(masked.extensions && { extensions: masked.extensions }),
      });
    });
    return { ...result, errors };
  };

  /** The event completed by the rest of the plan, shaped as the client asked. */
  const answer = async (
    event: FormattedExecutionResult<Record<string, unknown>, unknown>,
  ): Promise<ExecutionResult> => {
    // The subgraph refused it (e.g. a bad cursor): its errors go on, as GraphQL errors the server can format.
    if (!event.data) return shown({ errors: (event.errors ?? []).map(asGraphQLError) });
    const replay = {
      process: async () => ({
        data: event.data,
        ...(event.errors ? { errors: event.errors } : {}),
      }),
    };
    const query = planned.operationContext.operation;
    const requestContext = {
      request: { query: '', variables: { ...options.variables }, operationName: query.name?.value },
      operation: { ...query, operation: 'query' }, // per-event fetches are reads
      context: options.context(Date.now() + options.requestTimeoutMs),
      logger,
      metrics: {},
    } as unknown as RequestContext;
    const result = await executeQueryPlan(
      { kind: 'QueryPlan', node: rest ? { kind: 'Sequence', nodes: [primary, rest] } : primary },
      { ...options.services, [primary.serviceName]: replay as unknown as ServiceMap[string] },
      requestContext,
      planned.operationContext,
      planning.supergraphSchema,
      planning.apiSchema,
    );
    return shown(result as ExecutionResult);
  };

  const started = open();
  const done = { done: true, value: undefined } as const;
  const iterator: AsyncIterableIterator<SubscriptionEvent> = {
    async next() {
      await started;
      for (;;) {
        if (closed) return done;
        if (failure) {
          const error = failure;
          void iterator.return!();
          throw error;
        }
        const queued = queue.shift();
        if (queued) {
          try {
            return { done: false, value: { result: await queued.answered, cursor: queued.cursor } };
          } catch (error) {
            void iterator.return!(); // a failed answer ends the subscription: release the upstream stream
            throw error;
          }
        }
        if (completed) return (void iterator.return!(), done);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    async return() {
      closed = true;
      clearTimeout(retry);
      unsubscribe?.();
      signal();
      return done;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

function asGraphQLError(error: GraphQLFormattedError | GraphQLError): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error.message, {
    ...(error.path ? { path: error.path } : {}),
    ...(error.extensions ? { extensions: error.extensions } : {}),
  });
}
