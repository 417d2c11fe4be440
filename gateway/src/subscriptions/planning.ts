import { buildOperationContext, type ServiceMap } from '@apollo/gateway';
import { operationFromDocument, Supergraph, type Schema } from '@apollo/federation-internals';
import { QueryPlanner, type FetchNode, type PlanNode, type QueryPlan } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { resumable, type Resumable } from './resumable.ts';

type OperationContext = ReturnType<typeof buildOperationContext>;

/** A subscription as the supergraph plans it: the root field from its subgraph, the rest per event. */
export interface PlannedSubscription {
  /** The fetch of the root field, run as a subscription on the subgraph that owns it. */
  readonly primary: FetchNode;
  /** The plan that adds every other field to each event (absent when the root subgraph provides them all). */
  readonly rest: PlanNode | undefined;
  /** The client's operation, which shapes each answer. */
  readonly operationContext: OperationContext;
  /** Set when the gateway can restart the upstream stream after a cursor (see resumable). */
  readonly resume: Resumable | undefined;
}

/** One loaded supergraph, ready to plan subscriptions and to run their per-event plans. */
export interface SubscriptionPlanning {
  /** The API schema (what clients see), to validate against. */
  readonly schema: GraphQLSchema;
  /** The supergraph schema, as @apollo/gateway's executor takes it. */
  readonly supergraphSchema: GraphQLSchema;
  readonly apiSchema: Schema;
  /** Each subgraph's URL, as the supergraph names it. */
  readonly subgraphUrls: ReadonlyMap<string, string>;
  plan(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>>,
  ): PlannedSubscription;
}

/** Plans over `supergraphSdl` (without security features) with @apollo/gateway's own planner. */
export function subscriptionPlanning(supergraphSdl: string): SubscriptionPlanning {
  const supergraph = Supergraph.build(supergraphSdl);
  const apiSchema = supergraph.apiSchema();
  const schema = apiSchema.toGraphQLJSSchema();
  const planner = new QueryPlanner(supergraph);
  const subgraphUrls = new Map([...supergraph.subgraphs()].map((graph) => [graph.name, graph.url]));
  // Planning takes milliseconds: a plan is kept with its operation (the endpoint reuses parsed documents), so a
  // thousand admins subscribing to the same operation cost one. The resume variable's value is not in the plan.
  const plans = new WeakMap<OperationDefinitionNode, Omit<PlannedSubscription, 'resume'>>();
  return {
    schema,
    supergraphSchema: supergraph.schema.toGraphQLJSSchema(),
    apiSchema,
    subgraphUrls,
    plan(document, operation, variables) {
      const operationName = operation.name?.value ?? null;
      const resume = resumable(schema, document, operation, variables);
      let known = plans.get(operation);
      if (!known) {
        const planned: QueryPlan = planner.buildQueryPlan(
          operationFromDocument(apiSchema, resume?.document ?? document, {
            ...(operationName === null ? {} : { operationName }),
          }),
        );
        const node = planned.node;
        if (node?.kind !== 'Subscription')
          throw new Error(`Not a subscription plan: ${node?.kind ?? 'empty'}`);
        known = {
          primary: node.primary,
          rest: node.rest,
          operationContext: buildOperationContext({
            schema,
            operationDocument: document,
            ...(operationName === null ? {} : { operationName }),
          }),
        };
        plans.set(operation, known);
      }
      return { ...known, resume };
    },
  };
}

export type { ServiceMap };
