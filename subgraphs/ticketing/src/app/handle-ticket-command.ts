import {
  readTicketEvent,
  ticketStream,
  type BettingRules,
  type TicketEvent,
} from '@sportskk/contracts';
import {
  isWrongExpectedVersion,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '@sportskk/event-store';
import { decide, type TicketCommand, type TicketFailureCode } from '../domain/decide.ts';
import { evolve, NO_TICKET, type ExistingTicket, type Ticket } from '../domain/ticket.ts';
import type { IdGenerator } from '../ports/clock.ts';

/** A ticket with its stream revision (-1: no stream yet). */
export interface LoadedTicket {
  readonly state: Ticket;
  readonly version: number;
  /** The id of the stream's first event (the purchase), for causation. */
  readonly purchaseEventId: string | undefined;
}

/** A ticket that exists, with its stream revision. */
export type ExistingLoadedTicket = LoadedTicket & { readonly state: ExistingTicket };

export type HandleResult =
  | {
      readonly ok: true;
      readonly ticket: ExistingLoadedTicket;
      readonly appended: readonly TicketEvent[];
    }
  | {
      readonly ok: false;
      readonly code: TicketFailureCode | 'VERSION_CONFLICT';
      readonly message: string;
    };

export interface CommandDeps {
  readonly store: EventStore;
  readonly rules: BettingRules;
  readonly newId: IdGenerator;
}

const MAX_ATTEMPTS = 5;

/** The ticket's state from its stream; events that are not well-formed ticket events are left out. */
export async function loadTicket(store: EventStore, ticketId: string): Promise<LoadedTicket> {
  return foldTicket(await store.readStream(ticketStream(ticketId)));
}

/** Several tickets' states from one read of their streams, in the order of `ticketIds`. */
export async function loadTickets(
  store: EventStore,
  ticketIds: readonly string[],
): Promise<LoadedTicket[]> {
  const streams = await store.readStreams(ticketIds.map(ticketStream));
  return ticketIds.map((ticketId) => foldTicket(streams.get(ticketStream(ticketId)) ?? []));
}

function foldTicket(recorded: readonly RecordedEvent[]): LoadedTicket {
  let state = NO_TICKET;
  for (const event of recorded) {
    const reading = readTicketEvent(event);
    if (reading.ok) state = evolve(state, reading.event);
  }
  return { state, version: recorded.length - 1, purchaseEventId: recorded[0]?.id };
}

/**
 * Load (or take `assumed`), decide, check `expectedVersion`, append with the loaded revision. A concurrent writer makes the append fail: then load and
 * decide again, unless the caller pinned `expectedVersion`, which makes the conflict the answer.
 */
export async function handleTicketCommand(
  deps: CommandDeps,
  command: TicketCommand,
  metadata: EventMetadata,
  expectedVersion?: number,
  assumed?: LoadedTicket,
): Promise<HandleResult> {
  const { store, rules } = deps;
  for (let attempt = 1; ; attempt++) {
    // The ticket as the caller already knows it (no stream for a new id, or the state its own append left), else
    // as loaded; the append's expected revision catches a stale assumption, and the next attempt loads.
    const ticket =
      attempt === 1 && assumed ? assumed : await loadTicket(store, command.data.ticketId);
    // Decide first: whoever may not see the ticket learns nothing of its version.
    const decision = decide(command, ticket.state, rules);
    if (!decision.ok) return decision;
    if (expectedVersion !== undefined && expectedVersion !== ticket.version) {
      return {
        ok: false,
        code: 'VERSION_CONFLICT',
        message: `Ticket is at version ${ticket.version}, not ${expectedVersion}`,
      };
    }
    if (decision.events.length === 0) return { ok: true, ticket: existing(ticket), appended: [] };
    const expectedRevision: ExpectedRevision =
      ticket.version < 0 ? 'no_stream' : BigInt(ticket.version);
    const ids = decision.events.map(() => deps.newId());
    const events = decision.events.map((event, i) => ({ ...event, metadata, id: ids[i] }));
    try {
      await store.appendToStream(ticketStream(command.data.ticketId), events, { expectedRevision });
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw error;
      if (expectedVersion !== undefined) {
        return {
          ok: false,
          code: 'VERSION_CONFLICT',
          message: 'The ticket changed meanwhile; reload it and try again',
        };
      }
      if (attempt >= MAX_ATTEMPTS) throw error;
      continue;
    }
    const state = decision.events.reduce(evolve, ticket.state);
    const purchaseEventId = ticket.purchaseEventId ?? ids[0];
    const version = ticket.version + decision.events.length;
    return {
      ok: true,
      ticket: existing({ state, version, purchaseEventId }),
      appended: decision.events,
    };
  }
}

/** A command that succeeds always leaves a ticket (decide refuses the others with TICKET_NOT_FOUND). */
function existing(ticket: LoadedTicket): ExistingLoadedTicket {
  const { state } = ticket;
  if (state.status === 'NONE') throw new Error('A ticket command succeeded without a ticket');
  return { ...ticket, state };
}
