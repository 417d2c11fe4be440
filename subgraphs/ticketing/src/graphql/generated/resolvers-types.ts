import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { TicketView as TicketViewModel } from '../../app/ticket-commands.ts';
import type { TicketingContext } from '../context.ts';
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

/** What a purchase needs. */
export type BuyTicketInput = {
  /** A whole number of credits above 0 and at most the configured maximum. */
  betCredit: Scalars['Int']['input'];
  /** Any string of 1 to 200 characters: retrying with the same key returns the same ticket and buys nothing more. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** A configured team code, e.g. KT. */
  teamCode: Scalars['String']['input'];
};

/** The result of buyTicket. */
export type BuyTicketPayload = {
  __typename?: 'BuyTicketPayload';
  /** The ticket: APPROVED when totalling counted it at once, PENDING when totalling was unavailable. */
  ticket: Ticket;
};

/** What a cancellation needs. */
export type CancelTicketInput = {
  /** If given, cancel only if the ticket is still at this version (else VERSION_CONFLICT). */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  /** The ticket to cancel. */
  ticketId: Scalars['ID']['input'];
};

/** The result of cancelTicket. */
export type CancelTicketPayload = {
  __typename?: 'CancelTicketPayload';
  /** The ticket, now CANCELLED. */
  ticket: Ticket;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Buys a ticket for the caller (buyers only). Errors (extensions.code): UNKNOWN_TEAM, INVALID_BET_CREDIT,
   * BET_CREDIT_TOO_HIGH, INVALID_IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_REUSED.
   */
  buyTicket: BuyTicketPayload;
  /**
   * Cancels a ticket: a buyer their own, an admin any. Errors (extensions.code): TICKET_NOT_FOUND (also for
   * another buyer's ticket), TICKET_ALREADY_CANCELLED, VERSION_CONFLICT.
   */
  cancelTicket: CancelTicketPayload;
};


export type MutationBuyTicketArgs = {
  input: BuyTicketInput;
};


export type MutationCancelTicketArgs = {
  input: CancelTicketInput;
};

export type Query = {
  __typename?: 'Query';
  /**
   * A ticket by id, read from its event stream; null when there is none. Admins only (buyers read their own
   * tickets with myTickets).
   */
  ticket?: Maybe<Ticket>;
};


export type QueryTicketArgs = {
  id: Scalars['ID']['input'];
};

/** A sports-betting ticket. Its state is the event stream `ticket-<id>`; ticketing owns these fields. */
export type Ticket = {
  __typename?: 'Ticket';
  /** When totalling counted it, if it has. */
  approvedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The stake, in whole credits. */
  betCredit: Scalars['Int']['output'];
  /** When it was cancelled, if it was. */
  cancelledAt?: Maybe<Scalars['DateTime']['output']>;
  /** The ticket id (a UUID). */
  id: Scalars['ID']['output'];
  /** When it was bought. */
  purchasedAt: Scalars['DateTime']['output'];
  /** Where the ticket stands. */
  status: TicketStatus;
  /** The team the ticket bets on, e.g. KT. */
  teamCode: Scalars['String']['output'];
  /** The stream revision of the ticket's last event: pass it as expectedVersion to cancel safely. */
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
  BuyTicketInput: BuyTicketInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  BuyTicketPayload: ResolverTypeWrapper<Omit<BuyTicketPayload, 'ticket'> & { ticket: ResolversTypes['Ticket'] }>;
  CancelTicketInput: CancelTicketInput;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  CancelTicketPayload: ResolverTypeWrapper<Omit<CancelTicketPayload, 'ticket'> & { ticket: ResolversTypes['Ticket'] }>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Long: ResolverTypeWrapper<Scalars['Long']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Ticket: ResolverTypeWrapper<TicketViewModel>;
  TicketStatus: TicketStatus;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  BuyTicketInput: BuyTicketInput;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  BuyTicketPayload: Omit<BuyTicketPayload, 'ticket'> & { ticket: ResolversParentTypes['Ticket'] };
  CancelTicketInput: CancelTicketInput;
  ID: Scalars['ID']['output'];
  CancelTicketPayload: Omit<CancelTicketPayload, 'ticket'> & { ticket: ResolversParentTypes['Ticket'] };
  DateTime: Scalars['DateTime']['output'];
  Long: Scalars['Long']['output'];
  Mutation: Record<PropertyKey, never>;
  Query: Record<PropertyKey, never>;
  Ticket: TicketViewModel;
  Boolean: Scalars['Boolean']['output'];
};

export type BuyTicketPayloadResolvers<ContextType = TicketingContext, ParentType extends ResolversParentTypes['BuyTicketPayload'] = ResolversParentTypes['BuyTicketPayload']> = {
  ticket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
};

export type CancelTicketPayloadResolvers<ContextType = TicketingContext, ParentType extends ResolversParentTypes['CancelTicketPayload'] = ResolversParentTypes['CancelTicketPayload']> = {
  ticket?: Resolver<ResolversTypes['Ticket'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export interface LongScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Long'], any> {
  name: 'Long';
}

export type MutationResolvers<ContextType = TicketingContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  buyTicket?: Resolver<ResolversTypes['BuyTicketPayload'], ParentType, ContextType, RequireFields<MutationBuyTicketArgs, 'input'>>;
  cancelTicket?: Resolver<ResolversTypes['CancelTicketPayload'], ParentType, ContextType, RequireFields<MutationCancelTicketArgs, 'input'>>;
};

export type QueryResolvers<ContextType = TicketingContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  ticket?: Resolver<Maybe<ResolversTypes['Ticket']>, ParentType, ContextType, RequireFields<QueryTicketArgs, 'id'>>;
};

export type TicketResolvers<ContextType = TicketingContext, ParentType extends ResolversParentTypes['Ticket'] = ResolversParentTypes['Ticket'], FederationReferenceType extends FederationReferenceTypes['Ticket'] = FederationReferenceTypes['Ticket']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Ticket']> | FederationReferenceType, FederationReferenceType, ContextType>;
  approvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  betCredit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  cancelledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  purchasedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TicketStatus'], ParentType, ContextType>;
  teamCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type Resolvers<ContextType = TicketingContext> = {
  BuyTicketPayload?: BuyTicketPayloadResolvers<ContextType>;
  CancelTicketPayload?: CancelTicketPayloadResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Long?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Ticket?: TicketResolvers<ContextType>;
};

