import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@sportskk/event-store';
import { createInMemoryEventStore } from '@sportskk/event-store';
import {
  createLogger,
  createMetricsRegistry,
  envReader,
  type RunningService,
} from '@sportskk/platform';
import { createHttpTicketing } from '@sportskk/projections';
import { createPgliteSqlClient, openEmbeddedDatabase, type EmbeddedDatabase } from '@sportskk/sql';
import { createServiceTokens, readServiceKeys } from '@sportskk/identity';
import { subgraphGraphQL } from '@sportskk/testing';
import {
  createHttpTotallingService,
  loadTicketingConfig,
  startTicketing,
} from '@sportskk/ticketing';
import {
  createEventStoreTicketLog,
  createTotallingStore,
  loadTotallingConfig,
  startTotalling,
} from '@sportskk/totalling';

// The process manager's adapter against a running ticketing, which asks a running totalling.
const logger = createLogger('approvals', 'silent');
const events = createInMemoryEventStore();
let database: EmbeddedDatabase;
let totalling: RunningService | undefined;
let ticketing: RunningService;
let client: ReturnType<typeof createHttpTotallingService>;
let approvals: ReturnType<typeof createHttpTicketing>;
const settings = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  TICKETING_PORT: '0',
  TOTALLING_PORT: '0',
  BREAKER_TIMEOUT_MS: '300',
  BREAKER_VOLUME_THRESHOLD: '1000',
};

/** A service's tokens with its keys on the development default, as the running services have them. */
const signedBy = (self: string) =>
  createServiceTokens({ self, keys: readServiceKeys(envReader(settings), false, self) });

beforeAll(async () => {
  database = await openEmbeddedDatabase();
  const store = await createTotallingStore(createPgliteSqlClient(database.db), {
    eventStore: 'postgres',
  });
  totalling = await startTotalling({
    config: loadTotallingConfig(settings),
    store,
    events,
    logger,
    metrics: createMetricsRegistry('totalling'),
  });
  const config = loadTicketingConfig(settings);
  client = createHttpTotallingService({
    baseUrl: `http://127.0.0.1:${totalling.port}`,
    tokens: signedBy('ticketing'),
    breaker: config.breaker,
    logger,
    metrics: createMetricsRegistry('ticketing'),
  });
  ticketing = await startTicketing({
    config,
    events,
    totalling: client,
    logger,
    metrics: createMetricsRegistry('ticketing'),
  });
  approvals = createHttpTicketing({
    baseUrl: `http://127.0.0.1:${ticketing.port}`,
    tokens: signedBy('projections'),
    timeoutMs: 2000,
  });
}, 60_000);
afterAll(async () => {
  approvals?.close();
  await ticketing?.stop();
  client?.close();
  await totalling?.stop();
  await database?.close();
});

const graphql = (query: string) =>
  subgraphGraphQL<Record<string, { ticket: { id: string; status: string } }>>(
    `${ticketing.url}/graphql`,
    query,
    {},
    { callee: 'ticketing', identity: { subject: 'alice', roles: ['buyer'] } },
  );
const buy = async () =>
  (
    await graphql(
      'mutation { buyTicket(input: { teamCode: "KT", betCredit: 5 }) { ticket { id status } } }',
    )
  ).data!.buyTicket!.ticket;
const purchaseOf = async (ticketId: string): Promise<RecordedEvent> =>
  (await events.readStream(`ticket-${ticketId}`))[0]!;
const running = () => new AbortController().signal;

describe('asking ticketing to approve over HTTP', () => {
  it('answers APPROVED for a ticket the sync call approved, CANCELLED for a cancelled one', async () => {
    const approved = await buy();
    expect(approved.status).toBe('APPROVED');
    expect(
      await approvals.approveIfCounted(approved.id, await purchaseOf(approved.id), running()),
    ).toBe('APPROVED');
    const cancelled = await buy();
    await graphql(
      `mutation { cancelTicket(input: { ticketId: "${cancelled.id}" }) { ticket { status } } }`,
    );
    expect(
      await approvals.approveIfCounted(cancelled.id, await purchaseOf(cancelled.id), running()),
    ).toBe('CANCELLED');
  });

  it('rejects with TicketNotFound for a ticket ticketing does not have', async () => {
    const purchase = await purchaseOf((await buy()).id);
    await expect(
      approvals.approveIfCounted(randomUUID(), purchase, running()),
    ).rejects.toMatchObject({ name: 'TicketNotFound' });
  });

  it('gives up at once when its signal aborts', async () => {
    const ticket = await buy();
    const controller = new AbortController();
    controller.abort();
    await expect(
      approvals.approveIfCounted(ticket.id, await purchaseOf(ticket.id), controller.signal),
    ).rejects.toThrow();
  });

  it('answers PENDING while totalling has not counted a ticket, rejects while totalling is down, and approves once it has', async () => {
    await totalling!.stop();
    totalling = undefined;
    const pending = await buy();
    expect(pending.status).toBe('PENDING');
    const purchase = await purchaseOf(pending.id);
    await expect(approvals.approveIfCounted(pending.id, purchase, running())).rejects.toThrow(
      /503/,
    );
    const database2 = await openEmbeddedDatabase();
    const store = await createTotallingStore(createPgliteSqlClient(database2.db), {
      eventStore: 'postgres',
    });
    // A totalling that has not counted it (its projection follows an empty log): PENDING. Counted: APPROVED.
    totalling = await startTotalling({
      config: loadTotallingConfig(settings),
      store,
      events: createInMemoryEventStore(),
      log: createEventStoreTicketLog(events),
      logger,
      metrics: createMetricsRegistry('totalling'),
    });
    const rewired = createHttpTotallingService({
      baseUrl: `http://127.0.0.1:${totalling.port}`,
      tokens: signedBy('ticketing'),
      breaker: loadTicketingConfig(settings).breaker,
      logger,
      metrics: createMetricsRegistry('ticketing'),
    });
    const second = await startTicketing({
      config: loadTicketingConfig(settings),
      events,
      totalling: rewired,
      logger,
      metrics: createMetricsRegistry('ticketing'),
    });
    const viaSecond = createHttpTicketing({
      baseUrl: `http://127.0.0.1:${second.port}`,
      tokens: signedBy('projections'),
      timeoutMs: 2000,
    });
    try {
      expect(await viaSecond.approveIfCounted(pending.id, purchase, running())).toBe('PENDING');
      await rewired.count({ ticketId: pending.id, teamCode: 'KT', betCredit: 5 }, 'projection');
      expect(await viaSecond.approveIfCounted(pending.id, purchase, running())).toBe('APPROVED');
      expect((await events.readStream(`ticket-${pending.id}`)).map((event) => event.type)).toEqual([
        'TicketPurchased',
        'TicketApproved',
      ]);
    } finally {
      viaSecond.close();
      await second.stop();
      rewired.close();
      await database2.close();
    }
  });
});
