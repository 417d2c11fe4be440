/** The GraphQL the board sends to the gateway, and the shapes it gets back. */

export type TicketStatus = 'PENDING' | 'APPROVED' | 'CANCELLED';
export const TICKET_STATUSES: readonly TicketStatus[] = ['PENDING', 'APPROVED', 'CANCELLED'];

export interface StatusChange {
  readonly cursor: string;
  readonly status: TicketStatus;
  readonly previousStatus: TicketStatus | null;
  readonly at: string;
  readonly correlationId: string;
  readonly ticket: { readonly id: string; readonly teamCode: string; readonly betCredit: number };
}

export interface TeamTotal {
  readonly teamCode: string;
  readonly totalCredit: number;
  readonly ticketCount: number;
}

export interface TicketDetail {
  readonly id: string;
  readonly teamCode: string;
  readonly betCredit: number;
  readonly status: TicketStatus;
  readonly version: number;
  readonly purchasedAt: string;
  readonly approvedAt: string | null;
  readonly cancelledAt: string | null;
  readonly totalling: {
    readonly counted: boolean;
    readonly countedAt: string | null;
    readonly reversedAt: string | null;
  };
  readonly history: readonly {
    readonly type: string;
    readonly version: number;
    readonly at: string;
    readonly correlationId: string;
  }[];
}

/** Every status change after `after` (from now when null), with the ticket's team and stake from ticketing. */
export const STATUS_FEED = /* GraphQL */ `
  subscription StatusFeed($after: String) {
    ticketStatusChanged(after: $after) {
      cursor
      status
      previousStatus
      at
      correlationId
      ticket {
        id
        teamCode
        betCredit
      }
    }
  }
`;

/** Where the log is now: following from it misses nothing, even if the socket drops before the first change. */
export const STATUS_CURSOR = /* GraphQL */ `
  query StatusCursor {
    ticketStatusCursor
  }
`;

const TEAM_TOTAL_FIELDS = 'teamCode totalCredit ticketCount';

export const TEAM_TOTALS = /* GraphQL */ `
  query TeamTotals { teamTotals { ${TEAM_TOTAL_FIELDS} } }
`;

export const TEAM_TOTALS_CHANGED = /* GraphQL */ `
  subscription TeamTotalsChanged($teamCode: String!) {
    teamTotalsChanged(teamCode: $teamCode) { ${TEAM_TOTAL_FIELDS} }
  }
`;

/** One cross-subgraph read: ticketing's state, totalling's record and the center's history. */
export const TICKET_DETAIL = /* GraphQL */ `
  query TicketDetail($id: ID!) {
    ticket(id: $id) {
      id
      teamCode
      betCredit
      status
      version
      purchasedAt
      approvedAt
      cancelledAt
      totalling {
        counted
        countedAt
        reversedAt
      }
      history {
        type
        version
        at
        correlationId
      }
    }
  }
`;
