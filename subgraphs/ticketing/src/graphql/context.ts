import type { RequestContext } from '../app/ticket-commands.ts';

export type TicketingContext = RequestContext;
