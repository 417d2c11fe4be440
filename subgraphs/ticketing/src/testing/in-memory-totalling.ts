import {
  checkAgainstRecord,
  checkBet,
  ticketOnRecord,
  ticketStream,
  type BettingRules,
  type TicketToTotal,
} from '@sportskk/contracts';
import type { EventStore } from '@sportskk/event-store';
import type { TotallingService } from '../ports/totalling-service.ts';

interface TotallingRecord {
  readonly ticket: TicketToTotal;
  readonly counted: boolean;
  readonly reversed: boolean;
}

const DEFAULT_RULES: BettingRules = { teams: ['KT', 'AA', 'LG', 'SS'], maxBetCredit: 10_000_000 };

/**
 * Totalling kept in memory, keeping the port's promises: idempotent by ticket id, a reversal that comes first keeps
 * the ticket out for good, a bet outside the rules or a call the log does not back (no such purchase, another team
 * or stake, a reversal without the cancellation) is refused. `state.down` makes it unreachable; `state.calls`
 * lists what it was asked to record.
 */
export function inMemoryTotalling(events: EventStore, rules: BettingRules = DEFAULT_RULES) {
  const records = new Map<string, TotallingRecord>();
  const state = {
    down: false,
    calls: [] as Array<{ operation: 'count' | 'reverse'; ticketId: string; correlationId: string }>,
  };
  const reachable = () => {
    if (state.down) throw new Error('totalling is down');
  };
  const refuse = (code: string): never => {
    throw new Error(`totalling refused: ${code}`);
  };
  /** What totalling does with the call: refuses it, or counts or reverses (a count of a cancelled ticket reverses). */
  const accept = async (
    operation: 'count' | 'reverse',
    ticket: TicketToTotal,
    correlationId: string,
  ): Promise<'count' | 'reverse'> => {
    state.calls.push({ operation, ticketId: ticket.ticketId, correlationId });
    reachable();
    const checked = checkBet(rules, ticket);
    if (!checked.ok) return refuse(checked.code);
    const onRecord = ticketOnRecord(await events.readStream(ticketStream(ticket.ticketId)));
    const backed = checkAgainstRecord(operation, ticket, onRecord);
    return backed.ok ? backed.operation : refuse(backed.code);
  };
  const reverse = (ticket: TicketToTotal) => {
    const record = records.get(ticket.ticketId);
    records.set(ticket.ticketId, {
      ticket: record?.ticket ?? ticket,
      counted: record?.counted ?? false,
      reversed: true,
    });
  };
  const isCounted = (ticketId: string) => {
    const record = records.get(ticketId);
    return record !== undefined && record.counted && !record.reversed;
  };
  const service: TotallingService = {
    async count(ticket, correlationId) {
      if ((await accept('count', ticket, correlationId)) === 'reverse') return reverse(ticket);
      if (!records.has(ticket.ticketId))
        records.set(ticket.ticketId, { ticket, counted: true, reversed: false });
    },
    async reverse(ticket, correlationId) {
      await accept('reverse', ticket, correlationId);
      reverse(ticket);
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
