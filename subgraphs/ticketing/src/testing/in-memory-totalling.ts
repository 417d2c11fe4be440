import { checkBet, type BettingRules, type TicketToTotal } from '@sportskk/contracts';
import type { TotallingService } from '../ports/totalling-service.ts';

interface TotallingRecord {
  readonly ticket: TicketToTotal;
  readonly counted: boolean;
  readonly reversed: boolean;
}

const DEFAULT_RULES: BettingRules = { teams: ['KT', 'AA', 'LG', 'SS'], maxBetCredit: 10_000_000 };

/**
 * Totalling kept in memory, keeping the port's promises: idempotent by ticket id, a reversal that comes first keeps
 * the ticket out for good, a bet outside the rules is refused. `state.down` makes it unreachable; `state.calls`
 * lists what it was asked to record.
 */
export function inMemoryTotalling(rules: BettingRules = DEFAULT_RULES) {
  const records = new Map<string, TotallingRecord>();
  const state = {
    down: false,
    calls: [] as Array<{ operation: 'count' | 'reverse'; ticketId: string; correlationId: string }>,
  };
  const reachable = () => {
    if (state.down) throw new Error('totalling is down');
  };
  const accept = (operation: 'count' | 'reverse', ticket: TicketToTotal, correlationId: string) => {
    state.calls.push({ operation, ticketId: ticket.ticketId, correlationId });
    reachable();
    const checked = checkBet(rules, ticket);
    if (!checked.ok) throw new Error(`totalling refused: ${checked.code}`);
  };
  const isCounted = (ticketId: string) => {
    const record = records.get(ticketId);
    return record !== undefined && record.counted && !record.reversed;
  };
  const service: TotallingService = {
    async count(ticket, correlationId) {
      accept('count', ticket, correlationId);
      if (!records.has(ticket.ticketId))
        records.set(ticket.ticketId, { ticket, counted: true, reversed: false });
    },
    async reverse(ticket, correlationId) {
      accept('reverse', ticket, correlationId);
      const record = records.get(ticket.ticketId);
      records.set(ticket.ticketId, {
        ticket: record?.ticket ?? ticket,
        counted: record?.counted ?? false,
        reversed: true,
      });
    },
    async isCounted(ticketId) {
      reachable();
      return isCounted(ticketId);
    },
  };
  const wasReversed = (ticketId: string) => records.get(ticketId)?.reversed === true;
  const totalOf = (teamCode: string) => {
    const counted = [...records.values()].filter(
      (record) => record.ticket.teamCode === teamCode && isCounted(record.ticket.ticketId),
    );
    return {
      totalCredit: counted.reduce((sum, record) => sum + record.ticket.betCredit, 0),
      ticketCount: counted.length,
    };
  };
  return { service, state, isCounted, wasReversed, totalOf };
}
