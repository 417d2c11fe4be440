import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TICKET_STREAM_PREFIX } from '@sportskk/contracts';
import type { EventStore } from '@sportskk/event-store';
import { postGraphQL } from '@sportskk/testing';
import { loadSystemConfig, type SystemConfig } from './config.ts';

export const graphql = postGraphQL;

/** Settings for a system on random ports over a fresh embedded database (or `DATA_DIR` to reuse one). */
export function testConfig(overrides: Record<string, string> = {}): SystemConfig {
  return loadSystemConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    GATEWAY_PORT: '0',
    TICKETING_PORT: '0',
    TOTALLING_PORT: '0',
    CENTER_PORT: '0',
    PROJECTIONS_PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sportskk-e2e-')),
    LOG_LEVEL: 'info',
    BREAKER_TIMEOUT_MS: '500',
    BREAKER_RESET_TIMEOUT_MS: '1000',
    BREAKER_VOLUME_THRESHOLD: '5',
    ...overrides,
  });
}

/** Per team, what the totals must be according to the event store: stakes and count of non-cancelled tickets. */
export async function totalsImpliedByEvents(
  store: EventStore,
): Promise<Map<string, { totalCredit: number; ticketCount: number }>> {
  const tickets = new Map<string, { teamCode: string; betCredit: number; cancelled: boolean }>();
  for (const event of await store.readAll({ filter: { streamPrefixes: [TICKET_STREAM_PREFIX] } })) {
    const data = event.data as { ticketId: string; teamCode?: string; betCredit?: number };
    if (event.type === 'TicketPurchased')
      tickets.set(data.ticketId, {
        teamCode: data.teamCode!,
        betCredit: data.betCredit!,
        cancelled: false,
      });
    if (event.type === 'TicketCancelled') tickets.get(data.ticketId)!.cancelled = true;
  }
  const totals = new Map<string, { totalCredit: number; ticketCount: number }>();
  for (const ticket of tickets.values()) {
    if (ticket.cancelled) continue;
    const total = totals.get(ticket.teamCode) ?? { totalCredit: 0, ticketCount: 0 };
    totals.set(ticket.teamCode, {
      totalCredit: total.totalCredit + ticket.betCredit,
      ticketCount: total.ticketCount + 1,
    });
  }
  return totals;
}

export const BUY = `mutation Buy($input: BuyTicketInput!) { buyTicket(input: $input) { ticket { id status teamCode betCredit version } } }`;
export const CANCEL = `mutation Cancel($input: CancelTicketInput!) { cancelTicket(input: $input) { ticket { id status version cancelledAt } } }`;
export const TOTALS = `{ teamTotals { teamCode totalCredit ticketCount } }`;
export const TICKET = `query Ticket($id: ID!) { ticket(id: $id) { id status teamCode betCredit version totalling { counted countedAt } history { type version correlationId } } }`;

export interface TicketData {
  readonly id: string;
  readonly status: string;
  readonly teamCode: string;
  readonly betCredit: number;
  readonly version: number;
}
