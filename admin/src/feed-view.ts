import { formatCredits, formatTime, h } from './dom.ts';
import type { FeedFilter, FeedState } from './feed-state.ts';
import type { StatusChange } from './operations.ts';

/**
 * Renders the feed list: one button per change (keyboard: Tab to it, Enter opens the ticket). The change that had
 * the focus keeps it when the list is drawn again.
 */
export function renderFeed(
  list: HTMLOListElement,
  feed: FeedState,
  filter: FeedFilter,
  onOpen: (ticketId: string) => void,
): void {
  const changes = feed.visible(filter);
  const focused = list.contains(document.activeElement)
    ? (document.activeElement as HTMLElement).dataset['cursor']
    : undefined;
  list.replaceChildren(
    ...changes.map((change) => h('li', {}, entry(change, onOpen))),
    ...(changes.length === 0
      ? [
          h(
            'li',
            { class: 'empty' },
            feed.size === 0 ? 'Waiting for status changes…' : 'No change matches the filters.',
          ),
        ]
      : []),
  );
  if (focused !== undefined)
    list.querySelector<HTMLButtonElement>(`button[data-cursor="${CSS.escape(focused)}"]`)?.focus();
}

function entry(change: StatusChange, onOpen: (ticketId: string) => void): HTMLButtonElement {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'change',
      'data-ticket-id': change.ticket.id,
      'data-cursor': change.cursor,
      'data-status': change.status,
      'aria-label': `${change.status} ${change.ticket.teamCode} ${formatCredits(change.ticket.betCredit)}, ticket ${change.ticket.id}`,
    },
    h('span', { class: `status status-${change.status.toLowerCase()}` }, change.status),
    h('span', { class: 'team' }, change.ticket.teamCode),
    h('span', { class: 'stake' }, formatCredits(change.ticket.betCredit)),
    h('time', { datetime: change.at }, formatTime(change.at)),
    h('span', { class: 'correlation', title: 'correlation id' }, change.correlationId),
  );
  button.addEventListener('click', () => onOpen(change.ticket.id));
  return button;
}
