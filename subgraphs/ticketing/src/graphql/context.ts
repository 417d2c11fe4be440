import type { Identity } from '@sportskk/identity';
import { GraphQLError } from 'graphql';
import type { RequestContext } from '../app/ticket-commands.ts';
import type { Viewer } from '../domain/ticket.ts';

/** What a GraphQL request carries once its service token is verified: the end user the gateway vouches for. */
export interface TicketingContext {
  readonly correlationId: string;
  readonly identity: Identity | undefined;
}

/** The use cases' view of the caller; a command without an end user is refused. */
export function requestContextOf({ correlationId, identity }: TicketingContext): RequestContext {
  if (!identity)
    throw new GraphQLError('Sign in to use this', { extensions: { code: 'UNAUTHENTICATED' } });
  return { correlationId, actor: identity.subject, isAdmin: identity.roles.includes('admin') };
}

/** Who reads: the end user the gateway vouches for; without one, nobody's tickets. */
export function viewerOf({ identity }: TicketingContext): Viewer {
  return identity
    ? { subject: identity.subject, isAdmin: identity.roles.includes('admin') }
    : { subject: '', isAdmin: false };
}
