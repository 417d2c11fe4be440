import { formatCredits, h } from './dom.ts';
import type { TeamTotal } from './operations.ts';

/**
 * A horizontal bar per team, scaled to the largest total, with its credits and ticket count. Plain elements (widths
 * set through the CSSOM, which the page's Content-Security-Policy allows), so text stays readable at any width.
 */
export function renderTotalsChart(figure: HTMLElement, totals: readonly TeamTotal[]): void {
  const largest = Math.max(1, ...totals.map((total) => total.totalCredit));
  figure.replaceChildren(h('ul', { class: 'bars' }, ...totals.map((total) => bar(total, largest))));
}

function bar(total: TeamTotal, largest: number): HTMLLIElement {
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = `${(total.totalCredit / largest) * 100}%`;
  const tickets = `${total.ticketCount} ${total.ticketCount === 1 ? 'ticket' : 'tickets'}`;
  return h(
    'li',
    {
      class: 'bar',
      'data-team': total.teamCode,
      'data-total-credit': String(total.totalCredit),
      'data-ticket-count': String(total.ticketCount),
    },
    h('span', { class: 'bar-team' }, total.teamCode),
    h('span', { class: 'bar-track', 'aria-hidden': 'true' }, fill),
    h('span', { class: 'bar-value' }, `${formatCredits(total.totalCredit)} · ${tickets}`),
  );
}
