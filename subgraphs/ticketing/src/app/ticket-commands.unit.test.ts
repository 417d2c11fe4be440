import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createInMemoryEventStore, type EventStore } from '@sportskk/event-store';
import { createLogger } from '@sportskk/platform';
import { inMemoryTotalling } from '../testing/in-memory-totalling.ts';
import { ticketStream } from '@sportskk/contracts';
import { createTicketCommands, type CommandResult } from './ticket-commands.ts';

const rules = { teams: ['KT', 'AA', 'LG', 'SS'], maxBetCredit: 10_000_000 };

function setup(store: EventStore = createInMemoryEventStore()) {
  const totalling = inMemoryTotalling(store);
  const logs: Array<Record<string, unknown>> = [];
  const commands = createTicketCommands({
    store,
    totalling: totalling.service,
    rules,
    clock: () => new Date('2026-05-01T10:00:00.000Z'),
    newId: randomUUID,
    logger: createLogger('ticketing-test', 'info', {
      write: (line: string) => void logs.push(JSON.parse(line)),
    }),
  });
  /** Level, message and the named fields of what was logged. */
  const said = (...fields: string[]) =>
    logs.map((line) => ({
      level: line.level,
      msg: line.msg,
      ...Object.fromEntries(fields.filter((f) => f in line).map((f) => [f, line[f]])),
    }));
  return { store, commands, totalling, said };
}

const context = (actor = 'fan-1', isAdmin = false) => ({
  correlationId: `corr-${randomUUID()}`,
  actor,
  isAdmin,
});
const ticketOf = (result: CommandResult) => {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.ticket;
};

describe('buying', () => {
  it('appends TicketPurchased and TicketApproved with metadata, and answers APPROVED', async () => {
    const { store, commands, totalling } = setup();
    const ctx = context();
    const ticket = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 500 }, ctx));
    expect(ticket).toMatchObject({
      status: 'APPROVED',
      teamCode: 'KT',
      betCredit: 500,
      version: 1,
    });
    const events = await store.readStream(ticketStream(ticket.id));
    expect(events.map((e) => e.type)).toEqual(['TicketPurchased', 'TicketApproved']);
    expect(events[0]!.metadata).toMatchObject({
      correlationId: ctx.correlationId,
      actor: 'fan-1',
      time: '2026-05-01T10:00:00.000Z',
    });
    expect(events[1]!.metadata.causationId).toBe(events[0]!.id);
    expect(totalling.state.calls).toEqual([
      { operation: 'count', ticketId: ticket.id, correlationId: ctx.correlationId },
    ]);
  });

  it('reads no stream for a new ticket: two appends, one round trip each, and nothing read back', async () => {
    const store = createInMemoryEventStore();
    const reads: string[] = [];
    const counted: EventStore = {
      ...store,
      readStream: (name, options) => (reads.push(name), store.readStream(name, options)),
    };
    const totalling = inMemoryTotalling(store);
    const commands = createTicketCommands({
      store: counted,
      totalling: totalling.service,
      rules,
      clock: () => new Date(),
      newId: randomUUID,
      logger: createLogger('ticketing-test', 'silent'),
    });
    const ticket = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context()));
    expect(ticket).toMatchObject({ status: 'APPROVED', version: 1 });
    expect(reads).toEqual([]);
    // A retry with the same key finds its stream (the assumed empty one is refused by the append) and answers it.
    const ctx = context('fan-9');
    const first = ticketOf(
      await commands.buyTicket({ teamCode: 'LG', betCredit: 7, idempotencyKey: 'k' }, ctx),
    );
    const again = ticketOf(
      await commands.buyTicket({ teamCode: 'LG', betCredit: 7, idempotencyKey: 'k' }, ctx),
    );
    expect(again).toEqual(first);
    expect(await store.readStream(ticketStream(first.id))).toHaveLength(2);
  });

  it('answers PENDING when totalling is unavailable, and the purchase stands', async () => {
    const { store, commands, totalling } = setup();
    totalling.state.down = true;
    const ticket = ticketOf(await commands.buyTicket({ teamCode: 'LG', betCredit: 10 }, context()));
    expect(ticket.status).toBe('PENDING');
    expect((await store.readStream(ticketStream(ticket.id))).map((e) => e.type)).toEqual([
      'TicketPurchased',
    ]);
  });

  it('answers a retry with the same idempotency key with the same ticket and appends nothing', async () => {
    const { store, commands } = setup();
    const first = ticketOf(
      await commands.buyTicket(
        { teamCode: 'SS', betCredit: 7, idempotencyKey: 'order-42' },
        context(),
      ),
    );
    const again = ticketOf(
      await commands.buyTicket(
        { teamCode: 'SS', betCredit: 7, idempotencyKey: 'order-42' },
        context(),
      ),
    );
    expect(again.id).toBe(first.id);
    expect(await store.readStream(ticketStream(first.id))).toHaveLength(2);
    const reused = await commands.buyTicket(
      { teamCode: 'SS', betCredit: 8, idempotencyKey: 'order-42' },
      context(),
    );
    expect(reused).toMatchObject({ ok: false, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('buys once when ten requests race with one idempotency key', async () => {
    const { store, commands, totalling } = setup();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        commands.buyTicket({ teamCode: 'KT', betCredit: 3, idempotencyKey: 'race' }, context()),
      ),
    );
    const ids = new Set(results.map((r) => ticketOf(r).id));
    expect(ids.size).toBe(1);
    const events = await store.readStream(ticketStream([...ids][0]!));
    expect(events.filter((e) => e.type === 'TicketPurchased')).toHaveLength(1);
    expect(totalling.state.calls.filter((c) => c.operation === 'count')).toHaveLength(1);
  });

  it('answers PENDING, not an error, when only the approval fails to append after totalling counted', async () => {
    const inner = createInMemoryEventStore();
    const failingApprovals: EventStore = {
      ...inner,
      appendToStream: (stream, events, options) =>
        events.some((e) => e.type === 'TicketApproved')
          ? Promise.reject(new Error('store hiccup'))
          : inner.appendToStream(stream, events, options),
    };
    const { commands, totalling } = setup(failingApprovals);
    const ticket = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 40 }, context()));
    expect(ticket.status).toBe('PENDING');
    expect(totalling.isCounted(ticket.id)).toBe(true);
  });

  it('scopes idempotency keys to the actor', async () => {
    const { commands } = setup();
    const mine = ticketOf(
      await commands.buyTicket(
        { teamCode: 'KT', betCredit: 5, idempotencyKey: '1' },
        context('fan-a'),
      ),
    );
    const theirs = ticketOf(
      await commands.buyTicket(
        { teamCode: 'KT', betCredit: 5, idempotencyKey: '1' },
        context('fan-b'),
      ),
    );
    expect(theirs.id).not.toBe(mine.id);
    const again = ticketOf(
      await commands.buyTicket(
        { teamCode: 'KT', betCredit: 5, idempotencyKey: '1' },
        context('fan-a'),
      ),
    );
    expect(again.id).toBe(mine.id);
  });

  it.each([
    [{ teamCode: 'XX', betCredit: 1 }, 'UNKNOWN_TEAM'],
    [{ teamCode: 'KT', betCredit: 0 }, 'INVALID_BET_CREDIT'],
    [{ teamCode: 'KT', betCredit: -1 }, 'INVALID_BET_CREDIT'],
    [{ teamCode: 'KT', betCredit: 2.5 }, 'INVALID_BET_CREDIT'],
    [{ teamCode: 'KT', betCredit: 10_000_001 }, 'BET_CREDIT_TOO_HIGH'],
    [{ teamCode: 'KT', betCredit: 1, idempotencyKey: '' }, 'INVALID_IDEMPOTENCY_KEY'],
    [{ teamCode: 'KT', betCredit: 1, idempotencyKey: 'k'.repeat(201) }, 'INVALID_IDEMPOTENCY_KEY'],
    [{ teamCode: 'KT', betCredit: 1, idempotencyKey: 'k'.repeat(500) }, 'INVALID_IDEMPOTENCY_KEY'],
  ])('refuses %o with %s and writes nothing', async (input, code) => {
    const { store, commands, totalling } = setup();
    expect(await commands.buyTicket(input, context())).toMatchObject({ ok: false, code });
    expect(await store.readAll()).toEqual([]);
    expect(totalling.state.calls).toEqual([]);
  });
});

describe('cancelling', () => {
  it("cancels the buyer's own ticket, any ticket for an admin, and answers another buyer TICKET_NOT_FOUND writing nothing", async () => {
    const { store, commands } = setup();
    const alices = ticketOf(
      await commands.buyTicket({ teamCode: 'KT', betCredit: 3 }, context('alice')),
    );
    const before = await store.readAll();
    expect(await commands.cancelTicket({ ticketId: alices.id }, context('mallory'))).toMatchObject({
      ok: false,
      code: 'TICKET_NOT_FOUND',
    });
    expect(await store.readAll()).toEqual(before);
    expect(
      ticketOf(await commands.cancelTicket({ ticketId: alices.id }, context('root', true))).status,
    ).toBe('CANCELLED');
    const again = ticketOf(
      await commands.buyTicket({ teamCode: 'KT', betCredit: 3 }, context('alice')),
    );
    expect(
      ticketOf(await commands.cancelTicket({ ticketId: again.id }, context('alice'))).status,
    ).toBe('CANCELLED');
    expect(again.buyerId).toBe('alice');
  });

  it('appends TicketCancelled, reverses the totals, and refuses a second cancel', async () => {
    const { store, commands, totalling } = setup();
    const bought = ticketOf(await commands.buyTicket({ teamCode: 'AA', betCredit: 20 }, context()));
    const cancelled = ticketOf(
      await commands.cancelTicket(
        { ticketId: bought.id, expectedVersion: bought.version },
        context(),
      ),
    );
    expect(cancelled).toMatchObject({
      status: 'CANCELLED',
      version: 2,
      cancelledAt: '2026-05-01T10:00:00.000Z',
    });
    expect(totalling.wasReversed(bought.id)).toBe(true);
    expect(await commands.cancelTicket({ ticketId: bought.id }, context())).toMatchObject({
      ok: false,
      code: 'TICKET_ALREADY_CANCELLED',
    });
    expect(await store.readStream(ticketStream(bought.id))).toHaveLength(3);
  });

  it('still cancels when totalling is down', async () => {
    const { commands, totalling } = setup();
    const bought = ticketOf(await commands.buyTicket({ teamCode: 'AA', betCredit: 20 }, context()));
    totalling.state.down = true;
    expect(ticketOf(await commands.cancelTicket({ ticketId: bought.id }, context())).status).toBe(
      'CANCELLED',
    );
  });

  it('lets exactly one of two concurrent cancels at the same version win', async () => {
    const { store, commands } = setup();
    const bought = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context()));
    const results = await Promise.all(
      [1, 2].map(() =>
        commands.cancelTicket({ ticketId: bought.id, expectedVersion: bought.version }, context()),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(
      (await store.readStream(ticketStream(bought.id))).filter((e) => e.type === 'TicketCancelled'),
    ).toHaveLength(1);
  });

  it('refuses a stale expectedVersion, an unknown ticket and a malformed id, writing nothing', async () => {
    const { store, commands } = setup();
    const bought = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context()));
    const before = await store.readAll();
    expect(
      await commands.cancelTicket({ ticketId: bought.id, expectedVersion: 0 }, context()),
    ).toMatchObject({ ok: false, code: 'VERSION_CONFLICT' });
    expect(await commands.cancelTicket({ ticketId: randomUUID() }, context())).toMatchObject({
      ok: false,
      code: 'TICKET_NOT_FOUND',
    });
    expect(await commands.cancelTicket({ ticketId: 'not-a-uuid' }, context())).toMatchObject({
      ok: false,
      code: 'TICKET_NOT_FOUND',
    });
    expect(await store.readAll()).toEqual(before);
  });
});

describe("another buyer's ticket", () => {
  it('tells nothing of it: TICKET_NOT_FOUND whatever expectedVersion is, same as for a ticket that does not exist', async () => {
    const { store, commands } = setup();
    const alices = ticketOf(
      await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context('alice')),
    );
    const before = await store.readAll();
    for (const expectedVersion of [undefined, -1, 0, 1, 2, 99]) {
      const input = {
        ticketId: alices.id,
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      };
      const answer = await commands.cancelTicket(input, context('bob'));
      const unknown = await commands.cancelTicket(
        { ...input, ticketId: randomUUID() },
        context('bob'),
      );
      expect(answer).toEqual({ ...unknown, message: answer.ok ? '' : answer.message });
      expect(answer).toMatchObject({ ok: false, code: 'TICKET_NOT_FOUND' });
    }
    expect(await store.readAll()).toEqual(before);
  });
});

describe('approving later (the process manager asks)', () => {
  const types = async (store: EventStore, id: string) =>
    (await store.readStream(ticketStream(id))).map((e) => e.type);

  it('leaves a ticket totalling has not counted PENDING, and approves it once totalling has, also when asked concurrently', async () => {
    const { store, commands, totalling } = setup();
    totalling.state.down = true;
    const pending = ticketOf(await commands.buyTicket({ teamCode: 'LG', betCredit: 9 }, context()));
    totalling.state.down = false;
    expect(ticketOf(await commands.approveIfCounted(pending.id, context(), 'cause')).status).toBe(
      'PENDING',
    );
    expect(await types(store, pending.id)).toEqual(['TicketPurchased']);
    await totalling.service.count(
      { ticketId: pending.id, teamCode: 'LG', betCredit: 9 },
      'projection',
    );
    const results = await Promise.all(
      [1, 2, 3].map(() => commands.approveIfCounted(pending.id, context(), 'cause')),
    );
    expect(results.map((r) => ticketOf(r).status)).toEqual(['APPROVED', 'APPROVED', 'APPROVED']);
    expect(await types(store, pending.id)).toEqual(['TicketPurchased', 'TicketApproved']);
  });

  it('answers a cancelled ticket as it is, without asking totalling', async () => {
    const { store, commands, totalling } = setup();
    const bought = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 3 }, context()));
    ticketOf(await commands.cancelTicket({ ticketId: bought.id }, context()));
    totalling.state.down = true;
    expect(ticketOf(await commands.approveIfCounted(bought.id, context(), 'cause')).status).toBe(
      'CANCELLED',
    );
    expect(await types(store, bought.id)).toEqual([
      'TicketPurchased',
      'TicketApproved',
      'TicketCancelled',
    ]);
  });

  it('rejects while totalling cannot be asked, and refuses a ticket that does not exist', async () => {
    const { commands, totalling } = setup();
    totalling.state.down = true;
    const pending = ticketOf(await commands.buyTicket({ teamCode: 'SS', betCredit: 4 }, context()));
    await expect(commands.approveIfCounted(pending.id, context(), 'cause')).rejects.toThrow(/down/);
    expect(await commands.approveIfCounted(randomUUID(), context(), 'cause')).toMatchObject({
      ok: false,
      code: 'TICKET_NOT_FOUND',
    });
    expect(await commands.approveIfCounted('not-a-uuid', context(), 'cause')).toMatchObject({
      ok: false,
      code: 'TICKET_NOT_FOUND',
    });
  });
});

describe('what buying and cancelling record and say', () => {
  it('keeps the idempotency key in the purchase (up to 200 characters), and none when there is none', async () => {
    const { store, commands } = setup();
    const key = 'k'.repeat(200);
    const keyed = ticketOf(
      await commands.buyTicket({ teamCode: 'KT', betCredit: 5, idempotencyKey: key }, context()),
    );
    const plain = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context()));
    const [keyedPurchase] = await store.readStream(ticketStream(keyed.id));
    const [plainPurchase] = await store.readStream(ticketStream(plain.id));
    expect(keyedPurchase!.data.idempotencyKey).toBe(key);
    expect(plainPurchase!.data).not.toHaveProperty('idempotencyKey');
  });

  it('logs each purchase and cancellation, and when totalling could not be told', async () => {
    const { commands, totalling, said } = setup();
    const bought = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context()));
    totalling.state.down = true;
    const pending = ticketOf(await commands.buyTicket({ teamCode: 'LG', betCredit: 6 }, context()));
    ticketOf(await commands.cancelTicket({ ticketId: bought.id }, context()));
    expect(said('ticketId', 'teamCode', 'betCredit', 'reason')).toEqual([
      { level: 30, msg: 'ticket purchased', ticketId: bought.id, teamCode: 'KT', betCredit: 5 },
      { level: 30, msg: 'ticket purchased', ticketId: pending.id, teamCode: 'LG', betCredit: 6 },
      {
        level: 40,
        msg: 'totalling unavailable: ticket stays PENDING until the projection counts it',
        ticketId: pending.id,
        reason: expect.any(String),
      },
      { level: 30, msg: 'ticket cancelled', ticketId: bought.id },
      {
        level: 40,
        msg: 'totalling unavailable: the projection reverses the ticket later',
        ticketId: bought.id,
        reason: expect.any(String),
      },
    ]);
  });

  it('names the ticket it did not find, shortened', async () => {
    const { commands } = setup();
    const long = 'x'.repeat(100);
    expect(await commands.cancelTicket({ ticketId: long }, context())).toEqual({
      ok: false,
      code: 'TICKET_NOT_FOUND',
      message: `Ticket ${'x'.repeat(60)} does not exist`,
    });
  });
});

describe('reading tickets', () => {
  it('shows a buyer their own ticket, an admin any, and nobody a ticket that is not there', async () => {
    const { commands } = setup();
    const mine = ticketOf(
      await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context('fan-1')),
    );
    const asOwner = await commands.getTicket(mine.id, { subject: 'fan-1', isAdmin: false });
    expect(asOwner).toMatchObject({
      id: mine.id,
      status: 'APPROVED',
      buyerId: 'fan-1',
      version: 1,
    });
    expect(await commands.getTicket(mine.id, { subject: 'root', isAdmin: true })).toEqual(asOwner);
    expect(await commands.getTicket(mine.id, { subject: 'fan-2', isAdmin: false })).toBeUndefined();
    expect(
      await commands.getTicket(randomUUID(), { subject: 'root', isAdmin: true }),
    ).toBeUndefined();
    expect(
      await commands.getTicket('not-a-uuid', { subject: 'root', isAdmin: true }),
    ).toBeUndefined();
  });

  it('reads many in the order asked, each as getTicket would, malformed and unknown ids as nothing', async () => {
    const { commands } = setup();
    const a = ticketOf(
      await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context('fan-1')),
    );
    const b = ticketOf(
      await commands.buyTicket({ teamCode: 'LG', betCredit: 6 }, context('fan-2')),
    );
    const viewer = { subject: 'fan-1', isAdmin: false };
    const ids = [b.id, 'not-a-uuid', a.id, randomUUID(), a.id];
    const many = await commands.getTickets(ids, viewer);
    expect(many).toEqual(await Promise.all(ids.map((id) => commands.getTicket(id, viewer))));
    expect(many.map((ticket) => ticket?.id)).toEqual([undefined, undefined, a.id, undefined, a.id]);
    const admin = await commands.getTickets([b.id, randomUUID(), a.id], {
      subject: 'root',
      isAdmin: true,
    });
    expect(admin.map((ticket) => ticket?.version)).toEqual([1, undefined, 1]);
  });
});

/** A real WRONG_EXPECTED_VERSION, as a concurrent writer makes the store answer. */
const refused = await createInMemoryEventStore()
  .appendToStream('ticket-x', [{ type: 'T', data: {}, metadata: { correlationId: 'c' } }], {
    expectedRevision: 3n,
  })
  .then(
    () => new Error('expected a refusal'),
    (error: unknown) => error as Error,
  );

describe('appending under contention and failure', () => {
  /** The store, but every append to a ticket stream fails with `failure()` until `times` appends have failed. */
  function failingAppends(failure: () => Error, times = Infinity) {
    const store = createInMemoryEventStore();
    let failed = 0;
    const appends: string[] = [];
    const failing: EventStore = {
      ...store,
      async appendToStream(name, events, options) {
        appends.push(name);
        if (failed++ < times) throw failure();
        return store.appendToStream(name, events, options);
      },
    };
    return { store, failing, appends };
  }
  const conflict = () => refused;

  it('loads and decides again after a concurrent change, and gives up after five attempts', async () => {
    const { failing, appends } = failingAppends(conflict);
    const { commands } = setup(failing);
    await expect(
      commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context()),
    ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_VERSION' });
    expect(appends).toHaveLength(5);
  });

  it('goes through when a retry finds the stream settled', async () => {
    const { failing, appends } = failingAppends(conflict, 2);
    const { commands } = setup(failing);
    const ticket = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context()));
    expect(ticket.status).toBe('APPROVED');
    expect(appends).toHaveLength(4); // two refused purchases, the purchase, the approval
  });

  it('does not retry a failure that is not a conflict', async () => {
    const broken = new Error('disk full');
    const { failing, appends } = failingAppends(() => broken);
    const { commands } = setup(failing);
    await expect(commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context())).rejects.toBe(
      broken,
    );
    expect(appends).toHaveLength(1);
  });

  it('leaves out an event of the stream that is not a well-formed ticket event', async () => {
    const { store, commands } = setup();
    const bought = ticketOf(await commands.buyTicket({ teamCode: 'KT', betCredit: 5 }, context()));
    await store.appendToStream(ticketStream(bought.id), [
      { type: 'TicketCancelled', data: { ticketId: bought.id }, metadata: { correlationId: 'c' } },
    ]);
    const seen = await commands.getTicket(bought.id, { subject: 'root', isAdmin: true });
    expect(seen).toMatchObject({ status: 'APPROVED', version: 2 });
  });
});
