import { readTicketEvent, type StoredTicketEvent, type TicketStatus } from '@sportskk/contracts';

/** A ticket as its stream says it is now. */
export interface TicketOnLog {
  readonly ticketId: string;
  readonly buyerId: string;
  readonly teamCode: string;
  readonly betCredit: number;
  readonly status: TicketStatus;
  /** The revision of the stream's last event. */
  readonly version: number;
}

export interface LogReplay {
  readonly tickets: ReadonlyMap<string, TicketOnLog>;
  /** Events of ticket streams the published contract cannot read, or out of place (e.g. before a purchase). */
  readonly unreadable: readonly string[];
}

/** Folds ticket events, in log order, into each ticket's state: what the totals and the view must agree with. */
export function replayTicketLog(
  events: Iterable<StoredTicketEvent & { readonly revision: bigint }>,
): LogReplay {
  const tickets = new Map<string, TicketOnLog>();
  const unreadable: string[] = [];
  for (const stored of events) {
    const reading = readTicketEvent(stored);
    if (!reading.ok) {
      unreadable.push(`${stored.streamName}@${stored.revision} ${stored.type}: ${reading.problem}`);
      continue;
    }
    const { event } = reading;
    const version = Number(stored.revision);
    const known = tickets.get(event.data.ticketId);
    if (event.type === 'TicketPurchased') {
      if (known) unreadable.push(`${stored.streamName}@${version}: a second purchase`);
      else
        tickets.set(event.data.ticketId, {
          ticketId: event.data.ticketId,
          buyerId: event.data.buyerId,
          teamCode: event.data.teamCode,
          betCredit: event.data.betCredit,
          status: 'PENDING',
          version,
        });
      continue;
    }
    if (!known) {
      unreadable.push(`${stored.streamName}@${version}: ${event.type} before any purchase`);
      continue;
    }
    const status =
      event.type === 'TicketCancelled' || known.status === 'CANCELLED' ? 'CANCELLED' : 'APPROVED';
    tickets.set(known.ticketId, { ...known, status, version });
  }
  return { tickets, unreadable };
}

export interface TeamTotalOnLog {
  readonly totalCredit: number;
  readonly ticketCount: number;
}

/** Per team: the stakes and count of its tickets that are not cancelled (every team in `teams`, zeros included). */
export function totalsOnLog(
  tickets: Iterable<TicketOnLog>,
  teams: readonly string[],
): Map<string, TeamTotalOnLog> {
  const totals = new Map<string, TeamTotalOnLog>(
    teams.map((team) => [team, { totalCredit: 0, ticketCount: 0 }]),
  );
  for (const ticket of tickets) {
    const total = totals.get(ticket.teamCode) ?? { totalCredit: 0, ticketCount: 0 };
    if (ticket.status === 'CANCELLED') {
      totals.set(ticket.teamCode, total);
      continue;
    }
    totals.set(ticket.teamCode, {
      totalCredit: total.totalCredit + ticket.betCredit,
      ticketCount: total.ticketCount + 1,
    });
  }
  return totals;
}
