/**
 * The counting rules, idempotent by ticket id. A ticket is in its team's totals while its record has
 * `countedAt` set and `reversedAt` null. A reversal that comes before the count leaves a tombstone
 * (`countedAt` null, `reversedAt` set) so the late count is ignored. Pure: time comes in as `at`.
 */
import type { TicketToTotal, TotallingOperation } from '@sportskk/contracts';

export interface TicketTotallingRecord extends TicketToTotal {
  readonly countedAt: Date | null;
  readonly reversedAt: Date | null;
}

/** What readers are told about a ticket. */
export interface TicketTotallingStatus {
  /** Currently included in the team's totals. */
  readonly counted: boolean;
  readonly countedAt: Date | null;
  readonly reversedAt: Date | null;
}

export type TotallingEffect =
  /** count: the ticket is now in its team's totals. */
  | 'counted'
  /** count: it already was; nothing changed. */
  | 'already-counted'
  /** reverse: the counted ticket left its team's totals. */
  | 'reversed'
  /** reverse: never counted; a tombstone now keeps a later count out. */
  | 'reversed-before-count'
  /** count or reverse: the ticket was already reversed; nothing changed. */
  | 'already-reversed';

/** A change to one team's totals. */
export interface TotalsChange {
  readonly teamCode: string;
  readonly credit: number;
  readonly tickets: 1 | -1;
}

export interface TotallingDecision {
  readonly effect: TotallingEffect;
  /** What the store writes: nothing, a new record, or the reversal of the existing one. */
  readonly write: 'none' | 'insert' | 'mark-reversed';
  /** The record as it is once the decision is applied. */
  readonly record: TicketTotallingRecord;
  readonly totalsChange: TotalsChange | undefined;
}

function decideCount(
  existing: TicketTotallingRecord | undefined,
  ticket: TicketToTotal,
  at: Date,
): TotallingDecision {
  if (existing === undefined) {
    const record = { ...ticket, countedAt: at, reversedAt: null };
    return {
      effect: 'counted',
      write: 'insert',
      record,
      totalsChange: { teamCode: ticket.teamCode, credit: ticket.betCredit, tickets: 1 },
    };
  }
  const effect = existing.reversedAt === null ? 'already-counted' : 'already-reversed';
  return { effect, write: 'none', record: existing, totalsChange: undefined };
}

/** Subtracts what was counted (the stored team and stake), whatever the reversal request says. */
function decideReverse(
  existing: TicketTotallingRecord | undefined,
  ticket: TicketToTotal,
  at: Date,
): TotallingDecision {
  if (existing === undefined) {
    return {
      effect: 'reversed-before-count',
      write: 'insert',
      record: { ...ticket, countedAt: null, reversedAt: at },
      totalsChange: undefined,
    };
  }
  if (existing.reversedAt !== null)
    return { effect: 'already-reversed', write: 'none', record: existing, totalsChange: undefined };
  return {
    effect: 'reversed',
    write: 'mark-reversed',
    record: { ...existing, reversedAt: at },
    totalsChange: { teamCode: existing.teamCode, credit: -existing.betCredit, tickets: -1 },
  };
}

export function decide(
  operation: TotallingOperation,
  existing: TicketTotallingRecord | undefined,
  ticket: TicketToTotal,
  at: Date,
): TotallingDecision {
  switch (operation) {
    case 'count':
      return decideCount(existing, ticket, at);
    case 'reverse':
      return decideReverse(existing, ticket, at);
    default: {
      const unknown: never = operation;
      throw new Error(`Unknown totalling operation: ${String(unknown)}`);
    }
  }
}

function isCounted(record: Pick<TicketTotallingRecord, 'countedAt' | 'reversedAt'>): boolean {
  return record.countedAt !== null && record.reversedAt === null;
}

/** A ticket totalling has never seen is not counted and has no dates. */
export function statusOf(record: TicketTotallingRecord | undefined): TicketTotallingStatus {
  if (record === undefined) return { counted: false, countedAt: null, reversedAt: null };
  return { counted: isCounted(record), countedAt: record.countedAt, reversedAt: record.reversedAt };
}
