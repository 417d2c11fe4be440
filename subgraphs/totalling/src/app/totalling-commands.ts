import type { BettingRules, TotallingOperation } from '@sportskk/contracts';
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

/** The synchronous count / reverse that ticketing calls, and the record the process manager reads. */
export interface TotallingCommands {
  record(operation: TotallingOperation, input: TicketToTotalInput): Promise<RecordOutcome>;
  /** What totalling knows of a ticket; not counted and without dates when it has never seen it. */
  status(ticketId: string): Promise<TicketTotallingStatus>;
}

export interface TotallingCommandsOptions {
  readonly store: TotallingStore;
  readonly rules: BettingRules;
  readonly clock: () => Date;
}

export function createTotallingCommands({
  store,
  rules,
  clock,
}: TotallingCommandsOptions): TotallingCommands {
  return {
    async record(operation, input) {
      const validated = validateTicketToTotal(input, rules);
      if (!validated.ok) return validated;
      const decision = await recordTicket(store, operation, validated.value, clock());
      return {
        ok: true,
        ticketId: validated.value.ticketId,
        effect: decision.effect,
        status: statusOf(decision.record),
      };
    },
    status: async (ticketId) => statusOf((await store.ticketRecords([ticketId])).get(ticketId)),
  };
}
