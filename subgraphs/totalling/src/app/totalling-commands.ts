import { statusOf, type TicketTotallingStatus, type TotallingEffect, type TotallingOperation } from '../domain/ticket-totalling.ts';
import { validateTicketToTotal, type TicketToTotalInput, type TotallingFailure, type TotallingRules } from '../domain/validation.ts';
import type { TotallingStore } from '../ports/totalling-store.ts';

export type RecordOutcome =
  | { readonly ok: true; readonly ticketId: string; readonly effect: TotallingEffect; readonly status: TicketTotallingStatus }
  | TotallingFailure;

/** The synchronous count / reverse that ticketing calls: validate, then one idempotent write. */
export interface TotallingCommands {
  record(operation: TotallingOperation, input: TicketToTotalInput): Promise<RecordOutcome>;
}

export interface TotallingCommandsOptions {
  readonly store: TotallingStore;
  readonly rules: TotallingRules;
  readonly clock: () => Date;
}

export function createTotallingCommands({ store, rules, clock }: TotallingCommandsOptions): TotallingCommands {
  return {
    async record(operation, input) {
      const validated = validateTicketToTotal(input, rules);
      if (!validated.ok) return validated;
      const decision = await store.apply(operation, validated.value, clock());
      return { ok: true, ticketId: validated.value.ticketId, effect: decision.effect, status: statusOf(decision.record) };
    },
  };
}
