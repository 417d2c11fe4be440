import { byId, h } from './dom.ts';
import { FeedState, type FeedFilter } from './feed-state.ts';
import { renderFeed } from './feed-view.ts';
import { queryGateway } from './http-graphql.ts';
import { connectLive, type ConnectionState, type LiveConnection } from './live-connection.ts';
import {
  STATUS_CURSOR,
  STATUS_FEED,
  TEAM_TOTALS,
  TEAM_TOTALS_CHANGED,
  TICKET_DETAIL,
  TICKET_STATUSES,
  type StatusChange,
  type TeamTotal,
  type TicketDetail,
  type TicketStatus,
} from './operations.ts';
import { forgetToken, storedToken, storeToken, tokenProblem } from './session.ts';
import { renderTicketDetail } from './ticket-detail.ts';
import { renderTotalsChart } from './totals-chart.ts';
import { TotalsState } from './totals-state.ts';

/** The public gateway endpoint this page was served by. */
const endpoint = new URL('/graphql', location.href).href;

const STATE_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

const signInForm = byId<HTMLFormElement>('sign-in');
const tokenInput = byId<HTMLTextAreaElement>('token');
const signInError = byId<HTMLParagraphElement>('sign-in-error');
const board = byId<HTMLElement>('board');
const indicator = byId<HTMLElement>('connection');
const signOutButton = byId<HTMLButtonElement>('sign-out');
const boardError = byId<HTMLParagraphElement>('board-error');
const teamSelect = byId<HTMLSelectElement>('filter-team');
const statusSelect = byId<HTMLSelectElement>('filter-status');
const feedList = byId<HTMLOListElement>('feed');
const chart = byId<HTMLElement>('totals-chart');
const detailPanel = byId<HTMLElement>('ticket-detail');
const detailHeading = byId<HTMLHeadingElement>('ticket-heading');

statusSelect.append(...TICKET_STATUSES.map((status) => h('option', { value: status }, status)));

let stopBoard: (() => void) | undefined;

signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim().replace(/^Bearer\s+/i, '');
  const problem = tokenProblem(token);
  if (problem) return void (signInError.textContent = problem);
  storeToken(token);
  tokenInput.value = '';
  showBoard(token);
});

signOutButton.addEventListener('click', () => signOut());

const saved = storedToken();
if (saved && !tokenProblem(saved)) showBoard(saved);
else showSignIn();

function showSignIn(message = '') {
  stopBoard?.();
  stopBoard = undefined;
  board.hidden = true;
  signOutButton.hidden = true;
  indicator.hidden = true;
  signInForm.hidden = false;
  signInError.textContent = message;
  tokenInput.focus();
}

function signOut(message = '') {
  forgetToken();
  showSignIn(message);
}

function showBoard(token: string) {
  signInForm.hidden = true;
  board.hidden = false;
  signOutButton.hidden = false;
  indicator.hidden = false;
  stopBoard = runBoard(token);
}

/** Wires one signed-in session: the live connection, the feed, the totals and the detail panel. */
function runBoard(token: string): () => void {
  // Set on sign-out: answers still in flight then change nothing (no new subscription, no rendering).
  let stopped = false;
  const feed = new FeedState();
  const totals = new TotalsState();
  const teamSubscriptions = new Map<string, () => void>();
  let openTicket: string | undefined;
  const filter = (): FeedFilter => ({
    teamCode: teamSelect.value || undefined,
    status: (statusSelect.value || undefined) as TicketStatus | undefined,
  });
  const showFeed = () => renderFeed(feedList, feed, filter(), openDetail);
  const showTotals = () => renderTotalsChart(chart, totals.teams());
  const showError = (message: string) => void (boardError.textContent = message);
  const onFilter = () => showFeed();
  teamSelect.addEventListener('change', onFilter);
  statusSelect.addEventListener('change', onFilter);

  const connection: LiveConnection = connectLive({
    url: endpoint.replace(/^http/, 'ws'),
    token,
    onState: (state) => {
      if (stopped) return;
      indicator.dataset.state = state;
      indicator.textContent = STATE_LABELS[state];
    },
    // Each (re)subscription to teamTotalsChanged starts with the team's totals now: one query learns the teams.
    onConnected: () => void (teamSubscriptions.size === 0 && refreshTotals()),
    onRefused: (reason) => signOut(`The gateway refused the token: ${reason}`),
  });

  // graphql-ws re-sends these variables on every reconnect: `after` always holds the last cursor seen, starting
  // from where the log was when the board opened.
  const feedVariables: { after: string | null } = { after: null };
  const stopFeed = followFeed();

  function followFeed(): () => void {
    let stop: (() => void) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const begin = async () => {
      try {
        const { ticketStatusCursor } = await queryGateway<{ ticketStatusCursor: string }>(
          endpoint,
          token,
          STATUS_CURSOR,
        );
        if (stopped) return;
        feedVariables.after = ticketStatusCursor;
      } catch (error) {
        if (stopped) return;
        showError(`Status feed: ${(error as Error).message}`);
        retry = setTimeout(() => void begin(), 1_000);
        return;
      }
      stop = connection.subscribe<{ ticketStatusChanged: StatusChange }>(
        STATUS_FEED,
        feedVariables,
        ({ ticketStatusChanged: change }) => {
          feed.add(change);
          feedVariables.after = feed.lastCursor ?? null;
          showError('');
          showFeed();
          if (change.ticket.id === openTicket) void openDetail(change.ticket.id, false);
        },
        (message, codes) => {
          // A cursor the gateway no longer knows (a reset event log): follow from now rather than fail forever.
          if (codes.includes('BAD_USER_INPUT')) feedVariables.after = null;
          showError(`Status feed: ${message}`);
        },
      );
      feedList.dataset.following = 'true';
    };
    void begin();
    return () => {
      clearTimeout(retry);
      stop?.();
      delete feedList.dataset.following;
    };
  }

  async function refreshTotals() {
    const ticket = totals.snapshotTicket();
    try {
      const { teamTotals } = await queryGateway<{ teamTotals: TeamTotal[] }>(
        endpoint,
        token,
        TEAM_TOTALS,
      );
      if (stopped) return;
      totals.applySnapshot(ticket, teamTotals);
      for (const { teamCode } of teamTotals) followTeam(teamCode);
      showTotals();
    } catch (error) {
      if (!stopped) showError(`Team totals: ${(error as Error).message}`);
    }
  }

  function followTeam(teamCode: string) {
    if (teamSubscriptions.has(teamCode)) return;
    teamSelect.append(h('option', { value: teamCode }, teamCode));
    teamSubscriptions.set(
      teamCode,
      connection.subscribe<{ teamTotalsChanged: TeamTotal }>(
        TEAM_TOTALS_CHANGED,
        { teamCode },
        ({ teamTotalsChanged }) => {
          totals.applyChange(teamTotalsChanged);
          showTotals();
        },
        (message) => showError(`Totals of ${teamCode}: ${message}`),
      ),
    );
  }

  let detailRequest = 0;
  async function openDetail(ticketId: string, focus = true) {
    openTicket = ticketId;
    const request = ++detailRequest; // only the latest answer is shown (a slow older one may come after it)
    detailHeading.textContent = 'Ticket';
    if (focus) {
      renderTicketDetail(detailPanel, 'loading');
      detailHeading.focus();
    }
    try {
      const { ticket } = await queryGateway<{ ticket: TicketDetail | null }>(
        endpoint,
        token,
        TICKET_DETAIL,
        {
          id: ticketId,
        },
      );
      if (!stopped && request === detailRequest) renderTicketDetail(detailPanel, ticket);
    } catch (error) {
      if (!stopped && request === detailRequest) renderTicketDetail(detailPanel, error as Error);
    }
  }

  showFeed();
  return () => {
    stopped = true;
    stopFeed();
    for (const stop of teamSubscriptions.values()) stop();
    connection.close();
    teamSelect.removeEventListener('change', onFilter);
    statusSelect.removeEventListener('change', onFilter);
    teamSelect.replaceChildren(h('option', { value: '' }, 'All teams'));
    feedList.replaceChildren();
    chart.replaceChildren();
    detailPanel.replaceChildren(h('p', {}, 'Choose a change in the feed to see its ticket.'));
    showError('');
  };
}
