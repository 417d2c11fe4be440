import { GraphQLError } from 'graphql';
import type { CommandResult, TicketView } from '../app/ticket-commands.ts';

/** The only place a failure code becomes a GraphQL error. */
export function unwrap(result: CommandResult): TicketView {
  if (result.ok) return result.ticket;
  throw new GraphQLError(result.message, { extensions: { code: result.code } });
}
