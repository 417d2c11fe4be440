import {
  checkAgainstRecord,
  type BettingRules,
  type TotallingOperation,
} from '@sportskk/contracts';
import {
  statusOf,
  type TicketTotallingStatus,
  type TotallingEffect,
} from '../domain/ticket-totalling.ts';
import {
  validateTicketToTotal,
  type TicketToTotalInput,
  type TotallingFailure,
} from '../domain/validation.ts';
import type { TicketLog } from '../ports/ticket-log.ts';
import type { TotallingStore } from '../ports/totalling-store.ts';
import { recordTicket } from './record-ticket.ts';

type RecordOutcome =
  | {
      readonly ok: true;
      readonly ticketId: string;
      readonly effect: TotallingEffect;
      readonly status: TicketTotallingStatus;
    }
  | TotallingFailure;

/** The synchronous count / reverse that ticketing calls, and the record ticketing reads before an approval. */
export interface TotallingCommands {
  record(operation: TotallingOperation, input: TicketToTotalInput): Promise<RecordOutcome>;
  /** What totalling knows of a ticket; not counted and without dates when it has never seen it. */
  status(ticketId: string): Promise<TicketTotallingStatus>;
}

export interface TotallingCommandsOptions {
  readonly store: TotallingStore;
  /** What was really bought and cancelled: a call that does not match it changes nothing. */
  readonly log: TicketLog;
  readonly rules: BettingRules;
  readonly clock: () => Date;
}

export function createTotallingCommands({
  store,
  log,
  rules,
  clock,
}: TotallingCommandsOptions): TotallingCommands {
  return {
    async record(operation, input) {
      const validated = validateTicketToTotal(input, rules);
      if (!validated.ok) return validated;
      const ticket = validated.value;
      const checked = checkAgainstRecord(operation, ticket, await log.ticketOf(ticket.ticketId));
      if (!checked.ok) return checked;
      const decision = await recordTicket(store, checked.operation, ticket, clock());
      return {
        ok: true,
        ticketId: ticket.ticketId,
        effect: decision.effect,
        status: statusOf(decision.record),
      };
    },
    status: async (ticketId) => statusOf((await store.ticketRecords([ticketId])).get(ticketId)),
  };
}
