import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TicketParent as TicketParentModel, StatusChangeParent as StatusChangeParentModel } from '../mappers.ts';
import type { TicketHistoryEntry as TicketHistoryEntryModel } from '../../domain/ticket-view.ts';
import type { CenterContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time in UTC, e.g. 2026-01-01T12:00:00.000Z. */
  DateTime: { input: string; output: string | Date; }
  /** A whole number up to 2^53 - 1, sent as a JSON number (sums of credits can exceed Int's 32 bits). */
  Long: { input: number; output: number; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** Where a page ends. */
export type PageInfo = {
  __typename?: 'PageInfo';
  /** The cursor of the page's last ticket; null when the page is empty. */
  endCursor?: Maybe<Scalars['String']['output']>;
  /** Whether tickets follow this page. */
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** The caller's own tickets, as tickets lists them. Errors (extensions.code): BAD_USER_INPUT as for tickets. */
  myTickets: TicketConnection;
  /**
   * Admins only: the event log's position now, as a `ticketStatusChanged` cursor. Subscribing with `after` set to it
   * delivers every change from this moment on, even when the connection breaks before the first one arrives.
   */
  ticketStatusCursor: Scalars['String']['output'];
  /**
   * Tickets from the CQRS view (eventually consistent with ticketing), newest purchase first, ticket id descending
   * among equal purchase times. `first` is 1 to 100 (null means 20); `after` is a cursor from an earlier page.
   * Admins only. Errors (extensions.code): BAD_USER_INPUT for `first` out of range or a cursor this list did not make.
   */
  tickets: TicketConnection;
};


export type QueryMyTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryTicketsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};

/** Live feeds, over the graphql-ws protocol on the same /graphql endpoint. */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Admins only: every ticket status change from now on, in event-log order (per ticket, in stream order), or, with
   * `after`, every one after that cursor first. Resuming with the cursor of the last change seen misses nothing and
   * repeats nothing, across restarts. Errors (extensions.code): BAD_USER_INPUT for a cursor this subscription did not
   * make; SLOW_CONSUMER when the subscriber falls too far behind (resume from its last cursor).
   */
  ticketStatusChanged: TicketStatusChange;
};


/** Live feeds, over the graphql-ws protocol on the same /graphql endpoint. */
export type SubscriptionTicketStatusChangedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<TicketStatusFilter>;
};

/** A sports-betting ticket. Its state is the event stream `ticket-<id>`; ticketing owns these fields. */
export type Ticket = {
  __typename?: 'Ticket';
  /** The ticket's events in stream order; empty when the view has not seen the ticket (yet). */
  history: Array<TicketHistoryEntry>;
  /** The ticket id (a UUID). */
  id: Scalars['ID']['output'];
};

/** A page of tickets, newest purchase first. */
export type TicketConnection = {
  __typename?: 'TicketConnection';
  /** The tickets of this page, each with its cursor. */
  edges: Array<TicketEdge>;
  /** Whether more tickets follow, and the cursor to continue after. */
  pageInfo: PageInfo;
  /** How many tickets match the filter, on all pages together. */
  totalCount: Scalars['Int']['output'];
};

/** A ticket in a page. */
export type TicketEdge = {
  __typename?: 'TicketEdge';
  /** Opaque; pass it as `after` to continue after this ticket. */
  cursor: Scalars['String']['output'];
  /** The ticket. */
  node: Ticket;
};

/** Which tickets to list; every field given must match. */
export type TicketFilter = {
  /** Only tickets with this status, as the view last saw it. */
  status?: InputMaybe<TicketStatus>;
  /** Only tickets on this team, e.g. KT (exact, case-sensitive). */
  teamCode?: InputMaybe<Scalars['String']['input']>;
};

/** One event of a ticket's stream. */
export type TicketHistoryEntry = {
  __typename?: 'TicketHistoryEntry';
  /** When it happened: the time in the event's metadata, else when the event store recorded it. */
  at: Scalars['DateTime']['output'];
  /** The correlation id of the request that caused it; the same id appears in every service's logs. */
  correlationId: Scalars['String']['output'];
  /** The event type: TicketPurchased, TicketApproved or TicketCancelled. */
  type: Scalars['String']['output'];
  /** The event's revision in the ticket's stream, from 0. */
  version: Scalars['Int']['output'];
};

/** Where a ticket stands. */
export type TicketStatus =
  /** Purchased and counted by totalling. */
  | 'APPROVED'
  /** Cancelled by its buyer; no longer counted. */
  | 'CANCELLED'
  /** Purchased; totalling has not counted it yet (it was unreachable). It becomes APPROVED once counted. */
  | 'PENDING';

/** A ticket's status moved: PENDING on purchase, then APPROVED or CANCELLED. */
export type TicketStatusChange = {
  __typename?: 'TicketStatusChange';
  /** When it happened. */
  at: Scalars['DateTime']['output'];
  /** The correlation id of the request that caused it. */
  correlationId: Scalars['String']['output'];
  /** Opaque: its place in the event log. Pass it as `after` to resume after this change. */
  cursor: Scalars['String']['output'];
  /** The status before this change; null for the purchase. */
  previousStatus?: Maybe<TicketStatus>;
  /** The status after it. */
  status: TicketStatus;
  /** The ticket, with any of its fields from every subgraph. */
  ticket: Ticket;
};

/** Which status changes to receive; every field given must match. */
export type TicketStatusFilter = {
  /** Only changes to this status. */
  status?: InputMaybe<TicketStatus>;
  /** Only tickets on this team, e.g. KT (exact, case-sensitive). */
  teamCode?: InputMaybe<Scalars['String']['input']>;
  /** Only this ticket's changes. */
  ticketId?: InputMaybe<Scalars['ID']['input']>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Ticket: Ticket;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Ticket:
    ( { __typename: 'Ticket' }
    & GraphQLRecursivePick<FederationTypes['Ticket'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Long: ResolverTypeWrapper<Scalars['Long']['output']>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Ticket: ResolverTypeWrapper<TicketParentModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  TicketConnection: ResolverTypeWrapper<Omit<TicketConnection, 'edges'> & { edges: Array<ResolversTypes['TicketEdge']> }>;
  TicketEdge: ResolverTypeWrapper<Omit<TicketEdge, 'node'> & { node: ResolversTypes['Ticket'] }>;
  TicketFilter: TicketFilter;
  TicketHistoryEntry: ResolverTypeWrapper<TicketHistoryEntryModel>;
  TicketStatus: TicketStatus;
  TicketStatusChange: ResolverTypeWrapper<StatusChangeParentModel>;
  TicketStatusFilter: TicketStatusFilter;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  Long: Scalars['Long']['output'];
  PageInfo: PageInfo;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  Int: Scalars['Int']['output'];
  Subscription: Record<PropertyKey, never>;
  Ticket: TicketParentModel;
  ID: Scalars['ID']['output'];
  TicketConnection: Omit<TicketConnection, 'edges'> & { edges: Array<ResolversParentTypes['TicketEdge']> };
  TicketEdge: Omit<TicketEdge, 'node'> & { node: ResolversParentTypes['Ticket'] };
  TicketFilter: TicketFilter;
  TicketHistoryEntry: TicketHistoryEntryModel;
  TicketStatusChange: StatusChangeParentModel;
  TicketStatusFilter: TicketStatusFilter;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface LongScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Long'], any> {
  name: 'Long';
}

export type PageInfoResolvers<ContextType = CenterContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = CenterContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  myTickets?: Resolver<ResolversTypes['TicketConnection'], ParentType, ContextType, RequireFields<QueryMyTicketsArgs, 'first'>>;
  ticketStatusCursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tickets?: Resolver<ResolversTypes['TicketConnection'], ParentType, ContextType, RequireFields<QueryTicketsArgs, 'first'>>;
};

export type SubscriptionResolvers<ContextType = CenterContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  ticketStatusChanged?: SubscriptionResolver<ResolversTypes['TicketStatusChange'], "ticketStatusChanged", ParentType, ContextType, Partial<SubscriptionTicketStatusChangedArgs>>;
};

export type TicketResolvers<ContextType = CenterContext, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket'], FederationReferenceType extends FederationReferenceTypes['Ticket'] = FederationReferenceTypes['Ticket']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Ticket']> | FederationReferenceType, FederationReferenceType, ContextType>;
  history?: Resolver<Array<ResolversTypes['TicketHistoryEntry']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type TicketConnectionResolvers<ContextType = CenterContext, ParentType extends ResolversParentTypes['TicketConnection'] = ResolversParentTypes['TicketConnection']> = {
  edges?: Resolver<Array<ResolversTypes['TicketEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TicketEdgeResolvers<ContextType = CenterContext, ParentType extends ResolversParentTypes['TicketEdge'] = ResolversParentTypes['TicketEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
};

export type TicketHistoryEntryResolvers<ContextType = CenterContext, ParentType extends ResolversParentTypes['TicketHistoryEntry'] = ResolversParentTypes['TicketHistoryEntry']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TicketStatusChangeResolvers<ContextType = CenterContext, ParentType extends ResolversParentTypes['TicketStatusChange'] = ResolversParentTypes['TicketStatusChange']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  previousStatus?: Resolver<Maybe<ResolversTypes['TicketStatus']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketStatus'], ParentType, ContextType>;
  ticket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
};

export type Resolvers<ContextType = CenterContext> = {
  DateTime?: GraphQLScalarType;
  Long?: GraphQLScalarType;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
  TicketConnection?: TicketConnectionResolvers<ContextType>;
  TicketEdge?: TicketEdgeResolvers<ContextType>;
  TicketHistoryEntry?: TicketHistoryEntryResolvers<ContextType>;
  TicketStatusChange?: TicketStatusChangeResolvers<ContextType>;
};

