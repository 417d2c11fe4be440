import { randomUUID } from 'node:crypto';
import type { GlobalPosition, JsonObject, RecordedEvent } from '@sportskk/event-store';
import { TICKET_EVENT_SCHEMA_VERSION, ticketStream } from '@sportskk/contracts';

interface EventOverrides {
  /** metadata.time; null leaves it out (the view then uses recordedAt). */
  readonly time?: string | null;
  readonly correlationId?: string;
  /** metadata.schemaVersion; 2 (today's) by default, null leaves it out (version 1). */
  readonly schemaVersion?: number | null;
}

/**
 * Builds recorded ticket events as a store would deliver them: revisions count up per stream, positions count
 * up across the log, times count up one second per event from `startTime` unless given.
 */
export function ticketEventLog(options: { startTime?: string; firstPosition?: bigint } = {}) {
  const start = Date.parse(options.startTime ?? '2026-03-01T12:00:00.000Z');
  let position = options.firstPosition ?? 1n;
  const revisions = new Map<string, bigint>();
  const purchases = new Map<string, { teamCode: string; betCredit: number }>();

  const record = (
    ticketId: string,
    type: string,
    data: JsonObject,
    overrides: EventOverrides,
    revision?: bigint,
  ): RecordedEvent => {
    const nextRevision = revision ?? revisions.get(ticketId) ?? 0n;
    revisions.set(ticketId, nextRevision + 1n);
    const current: GlobalPosition = { transaction: position, sequence: position };
    const recordedAt = new Date(start + Number(position) * 1000);
    position += 1n;
    const time = overrides.time === undefined ? recordedAt.toISOString() : overrides.time;
    const schemaVersion =
      overrides.schemaVersion === undefined ? TICKET_EVENT_SCHEMA_VERSION : overrides.schemaVersion;
    return {
      id: randomUUID(),
      type,
      data,
      metadata: {
        correlationId: overrides.correlationId ?? randomUUID(),
        actor: 'test',
        ...(time === null ? {} : { time }),
        ...(schemaVersion === null ? {} : { schemaVersion }),
      },
      streamName: ticketStream(ticketId),
      revision: nextRevision,
      position: current,
      recordedAt,
    };
  };

  return {
    /** The time the next event gets by default. */
    nextTime: () => new Date(start + Number(position) * 1000).toISOString(),
    purchase(
      ticketId: string = randomUUID(),
      overrides: EventOverrides & {
        buyerId?: string;
        teamCode?: string;
        betCredit?: number;
        purchasedAt?: string;
        revision?: bigint;
      } = {},
    ) {
      const teamCode = overrides.teamCode ?? 'KT';
      const betCredit = overrides.betCredit ?? 100;
      purchases.set(ticketId, { teamCode, betCredit });
      const purchasedAt =
        overrides.purchasedAt ?? new Date(start + Number(position) * 1000).toISOString();
      return record(
        ticketId,
        'TicketPurchased',
        { ticketId, buyerId: overrides.buyerId ?? 'buyer-1', teamCode, betCredit, purchasedAt },
        overrides,
        overrides.revision,
      );
    },
    approve(ticketId: string, overrides: EventOverrides & { approvedAt?: string } = {}) {
      const approvedAt =
        overrides.approvedAt ?? new Date(start + Number(position) * 1000).toISOString();
      return record(ticketId, 'TicketApproved', { ticketId, approvedAt }, overrides);
    },
    cancel(ticketId: string, overrides: EventOverrides & { cancelledAt?: string } = {}) {
      const { teamCode, betCredit } = purchases.get(ticketId) ?? { teamCode: 'KT', betCredit: 100 };
      const cancelledAt =
        overrides.cancelledAt ?? new Date(start + Number(position) * 1000).toISOString();
      return record(
        ticketId,
        'TicketCancelled',
        { ticketId, teamCode, betCredit, cancelledAt },
        overrides,
      );
    },
    /** Any event on the ticket's stream, e.g. one the view does not know or with broken data. */
    other(ticketId: string, type: string, data: JsonObject, overrides: EventOverrides = {}) {
      return record(ticketId, type, data, overrides);
    },
  };
}
