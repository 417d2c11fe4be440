import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TeamTotal as TeamTotalModel } from '../../ports/totalling-store.ts';
import type { TicketReference as TicketReferenceModel } from '../mappers.ts';
import type { TicketTotallingStatus as TicketTotallingStatusModel } from '../../domain/ticket-totalling.ts';
import type { TotallingContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
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

/** Reads of the per-team totals. */
export type Query = {
  __typename?: 'Query';
  /** The totals of one team. Errors (extensions.code): UNKNOWN_TEAM when the team is not configured. */
  teamTotal?: Maybe<TeamTotal>;
  /** The totals of every configured team, in configured order; a team without bets has zeros. */
  teamTotals: Array<TeamTotal>;
};


/** Reads of the per-team totals. */
export type QueryTeamTotalArgs = {
  teamCode: Scalars['String']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /**
   * Admins only: the team's totals now, then each time they change. Totals are a state: a subscriber that falls
   * behind gets the latest totals, not every step. Errors (extensions.code): UNKNOWN_TEAM when the team is not
   * configured.
   */
  teamTotalsChanged: TeamTotal;
};


export type SubscriptionTeamTotalsChangedArgs = {
  teamCode: Scalars['String']['input'];
};

/** The running totals of one team: every ticket counted for it and not reversed since. */
export type TeamTotal = {
  __typename?: 'TeamTotal';
  /** A configured team code, e.g. KT. */
  teamCode: Scalars['String']['output'];
  /** How many of the team's tickets are counted and not cancelled. */
  ticketCount: Scalars['Int']['output'];
  /** The sum of the stakes (in credits) of the team's counted, not cancelled tickets. */
  totalCredit: Scalars['Long']['output'];
};

/** A sports-betting ticket. Its state is the event stream `ticket-<id>`; ticketing owns these fields. */
export type Ticket = {
  __typename?: 'Ticket';
  /** The ticket id (a UUID). */
  id: Scalars['ID']['output'];
  /** Totalling's record of the ticket: whether it is counted in its team's totals, when it was counted and reversed. */
  totalling: TicketTotalling;
};

/** Totalling's record of one ticket. A ticket totalling has never seen is not counted and has no dates. */
export type TicketTotalling = {
  __typename?: 'TicketTotalling';
  /** True while the ticket is included in its team's totals: counted and not reversed. */
  counted: Scalars['Boolean']['output'];
  /** When totalling counted the ticket; null if it never did (e.g. it was cancelled before being counted). */
  countedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When totalling reversed the ticket after its cancellation; null while it is not cancelled. */
  reversedAt?: Maybe<Scalars['DateTime']['output']>;
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
  TeamTotal: TeamTotal;
  Ticket: Ticket;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  TeamTotal:
    ( { __typename: 'TeamTotal' }
    & GraphQLRecursivePick<FederationTypes['TeamTotal'], {"teamCode":true}> );
  Ticket:
    ( { __typename: 'Ticket' }
    & GraphQLRecursivePick<FederationTypes['Ticket'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Long: ResolverTypeWrapper<Scalars['Long']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TeamTotal: ResolverTypeWrapper<TeamTotalModel>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Ticket: ResolverTypeWrapper<TicketReferenceModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  TicketTotalling: ResolverTypeWrapper<TicketTotallingStatusModel>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  Long: Scalars['Long']['output'];
  Query: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Subscription: Record<PropertyKey, never>;
  TeamTotal: TeamTotalModel;
  Int: Scalars['Int']['output'];
  Ticket: TicketReferenceModel;
  ID: Scalars['ID']['output'];
  TicketTotalling: TicketTotallingStatusModel;
  Boolean: Scalars['Boolean']['output'];
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface LongScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Long'], any> {
  name: 'Long';
}

export type QueryResolvers<ContextType = TotallingContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  teamTotal?: Resolver<Maybe<ResolversTypes['TeamTotal']>, ParentType, ContextType, RequireFields<QueryTeamTotalArgs, 'teamCode'>>;
  teamTotals?: Resolver<Array<ResolversTypes['TeamTotal']>, ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = TotallingContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  teamTotalsChanged?: SubscriptionResolver<ResolversTypes['TeamTotal'], "teamTotalsChanged", ParentType, ContextType, RequireFields<SubscriptionTeamTotalsChangedArgs, 'teamCode'>>;
};

export type TeamTotalResolvers<ContextType = TotallingContext, ParentType extends ResolversParentTypes['TeamTotal'] = ResolversParentTypes['TeamTotal'], FederationReferenceType extends FederationReferenceTypes['TeamTotal'] = FederationReferenceTypes['TeamTotal']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['TeamTotal']> | FederationReferenceType, FederationReferenceType, ContextType>;
  teamCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ticketCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalCredit?: Resolver<ResolversTypes['Long'], ParentType, ContextType>;
};

export type TicketResolvers<ContextType = TotallingContext, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket'], FederationReferenceType extends FederationReferenceTypes['Ticket'] = FederationReferenceTypes['Ticket']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Ticket']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  totalling?: Resolver<ResolversTypes['TicketTotalling'], ParentType, ContextType>;
};

export type TicketTotallingResolvers<ContextType = TotallingContext, ParentType extends ResolversParentTypes['TicketTotalling'] = ResolversParentTypes['TicketTotalling']> = {
  counted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  countedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  reversedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = TotallingContext> = {
  DateTime?: GraphQLScalarType;
  Long?: GraphQLScalarType;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TeamTotal?: TeamTotalResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
  TicketTotalling?: TicketTotallingResolvers<ContextType>;
};

