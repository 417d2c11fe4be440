import { formatCredits, formatTime, h } from './dom.ts';
import type { TicketDetail } from './operations.ts';

/** The detail panel's content for one ticket (or why there is none). */
export function renderTicketDetail(
  panel: HTMLElement,
  detail: TicketDetail | null | Error | 'loading',
): void {
  if (detail === 'loading') return panel.replaceChildren(h('p', {}, 'Loading…'));
  if (detail instanceof Error)
    return panel.replaceChildren(h('p', { class: 'error', role: 'alert' }, detail.message));
  if (detail === null) return panel.replaceChildren(h('p', {}, 'No such ticket.'));
  const { totalling } = detail;
  panel.replaceChildren(
    h('p', { class: 'ticket-id' }, detail.id),
    h(
      'dl',
      {},
      ...row(
        'Status',
        h(
          'span',
          { class: `status status-${detail.status.toLowerCase()}`, 'data-field': 'status' },
          detail.status,
        ),
      ),
      ...row('Team', detail.teamCode),
      ...row('Stake', formatCredits(detail.betCredit)),
      ...row('Version', detail.version),
      ...row('Bought', formatTime(detail.purchasedAt)),
      ...row(
        'Totalling',
        h(
          'span',
          { 'data-field': 'counted' },
          totalling.counted ? 'counted' : 'not counted',
          totalling.countedAt ? ` (counted ${formatTime(totalling.countedAt)})` : '',
          totalling.reversedAt ? ` (reversed ${formatTime(totalling.reversedAt)})` : '',
        ),
      ),
    ),
    h('h3', {}, 'History'),
    h(
      'ol',
      { class: 'history' },
      ...detail.history.map((entry) =>
        h(
          'li',
          { 'data-event-type': entry.type },
          h('span', {}, `${entry.version}. ${entry.type}`),
          h('time', { datetime: entry.at }, formatTime(entry.at)),
          h('span', { class: 'correlation' }, entry.correlationId),
        ),
      ),
    ),
  );
}

function row(term: string, value: Node | string | number): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}
