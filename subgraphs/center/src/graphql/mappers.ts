import type { TicketViewDocument } from '../domain/ticket-view.ts';

/** What a Ticket resolves from: a stored view, or just the id of one the view has not seen. */
export type TicketParent = Pick<TicketViewDocument, 'id' | 'history'>;

export type { LoggedStatusChange as StatusChangeParent } from '../app/status-feed.ts';
