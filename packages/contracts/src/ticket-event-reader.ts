import { isTeamCode } from './betting-rules.ts';
import { isTicketId } from './ticket-ids.ts';
import {
  TICKET_EVENT_SCHEMA_VERSION,
  isTicketEventType,
  ticketStream,
  type TicketEvent,
  type TicketEventType,
} from './ticket-events.ts';

/** An event as any store hands it over: nothing in it is trusted yet. */
export interface StoredTicketEvent {
  readonly type: string;
  readonly streamName: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: { readonly schemaVersion?: unknown; readonly [key: string]: unknown };
}

export type TicketEventReading =
  | { readonly ok: true; readonly event: TicketEvent }
  | { readonly ok: false; readonly problem: string };

type Payload = Readonly<Record<string, unknown>>;
/** Turns a payload of one version into the next version's; the event's metadata may fill in what it lacks. */
export type Upcaster = (data: Payload, metadata: Payload) => Payload;
/** By the version an upcaster reads, then by event type; a type without one is unchanged by that step. */
export type TicketUpcasters = Readonly<Record<number, Partial<Record<TicketEventType, Upcaster>>>>;

/** The owner of a version 1 purchase: reserved (`sportskk:`), so no signed-in buyer is ever it. */
const LEGACY_BUYER_PREFIX = 'sportskk:legacy:';

/**
 * How old payloads reach today's shape. To change a payload: raise TICKET_EVENT_SCHEMA_VERSION to n + 1, add
 * `n: { [type]: (v_n, metadata) => v_n+1 }` here, and keep every stored event as it is: readers upcast old events
 * on the way in.
 */
const TICKET_UPCASTERS: TicketUpcasters = {
  // Version 1 purchases name no buyer; their actor was whatever the client said it was. They belong to a legacy
  // owner no signed-in subject can be (the prefix is reserved): only admins see and cancel them.
  1: {
    TicketPurchased: (data, { actor }) => ({
      ...data,
      buyerId: `${LEGACY_BUYER_PREFIX}${typeof actor === 'string' && actor !== '' ? actor : 'unknown'}`,
    }),
  },
};

/**
 * Reads a stored event as a ticket event of today's schema version, or says why it is not one: another type,
 * an unknown schema version, data of the wrong shape, or a stream that is not `ticket-<data.ticketId>`.
 */
export function readTicketEvent(
  stored: StoredTicketEvent,
  upcasters: TicketUpcasters = TICKET_UPCASTERS,
  currentVersion: number = TICKET_EVENT_SCHEMA_VERSION,
): TicketEventReading {
  const { type } = stored;
  if (!isTicketEventType(type)) return fail(`${show(type)} is not a ticket event type`);
  const version = stored.metadata.schemaVersion ?? 1;
  if (
    !Number.isSafeInteger(version) ||
    (version as number) < 1 ||
    (version as number) > currentVersion
  ) {
    return fail(
      `${type} has schema version ${show(version)}; this reader knows 1 to ${currentVersion}`,
    );
  }
  let data = stored.data;
  for (let from = version as number; from < currentVersion; from++) {
    data = upcasters[from]?.[type]?.(data, stored.metadata) ?? data;
  }
  const event = payloadOf(type, data);
  if (typeof event === 'string') return fail(`${type}: ${event}`);
  if (stored.streamName !== ticketStream(event.data.ticketId)) {
    return fail(`${type} of ticket ${event.data.ticketId} is in stream ${show(stored.streamName)}`);
  }
  return { ok: true, event };
}

/** The checked event, or what is wrong with its data. */
function payloadOf(type: TicketEventType, data: Payload): TicketEvent | string {
  const { ticketId } = data;
  if (!isTicketId(ticketId)) return `ticketId must be a UUID, got ${show(ticketId)}`;
  switch (type) {
    case 'TicketPurchased': {
      const { buyerId, teamCode, betCredit, purchasedAt, idempotencyKey } = data;
      const problem = betProblem(teamCode, betCredit) ?? timeProblem('purchasedAt', purchasedAt);
      if (problem) return problem;
      if (typeof buyerId !== 'string' || buyerId.length === 0 || buyerId.length > 200) {
        return `buyerId must be 1 to 200 characters, got ${show(buyerId)}`;
      }
      if (idempotencyKey !== undefined && typeof idempotencyKey !== 'string')
        return 'idempotencyKey must be a string';
      const key = idempotencyKey === undefined ? {} : { idempotencyKey };
      return {
        type,
        data: {
          ticketId,
          buyerId,
          teamCode: teamCode as string,
          betCredit: betCredit as number,
          purchasedAt: purchasedAt as string,
          ...key,
        },
      };
    }
    case 'TicketApproved': {
      const { approvedAt } = data;
      return (
        timeProblem('approvedAt', approvedAt) ?? {
          type,
          data: { ticketId, approvedAt: approvedAt as string },
        }
      );
    }
    case 'TicketCancelled': {
      const { teamCode, betCredit, cancelledAt } = data;
      const problem = betProblem(teamCode, betCredit) ?? timeProblem('cancelledAt', cancelledAt);
      if (problem) return problem;
      return {
        type,
        data: {
          ticketId,
          teamCode: teamCode as string,
          betCredit: betCredit as number,
          cancelledAt: cancelledAt as string,
        },
      };
    }
    default: {
      const unexpected: never = type;
      return unexpected;
    }
  }
}

/** Events are facts: a team since removed from the configuration still counts, so only the shape is checked. */
function betProblem(teamCode: unknown, betCredit: unknown): string | undefined {
  if (!isTeamCode(teamCode)) return `teamCode must be a team code, got ${show(teamCode)}`;
  if (typeof betCredit !== 'number' || !Number.isSafeInteger(betCredit) || betCredit < 1) {
    return `betCredit must be a positive whole number, got ${show(betCredit)}`;
  }
  return undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 date-time with a zone, e.g. 2026-01-01T12:00:00.000Z. */
export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

function timeProblem(field: string, value: unknown): string | undefined {
  return isIsoDateTime(value)
    ? undefined
    : `${field} must be an ISO-8601 date-time, got ${show(value)}`;
}

const fail = (problem: string): TicketEventReading => ({ ok: false, problem });
const show = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 80);
