import type { Identity } from '@sportskk/identity';

/** What a GraphQL request carries once its service token is verified: the end user the gateway vouches for. */
export interface TotallingContext {
  readonly identity: Identity | undefined;
}
