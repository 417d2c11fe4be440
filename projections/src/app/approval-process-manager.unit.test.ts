import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '@sportskk/contracts';
import type { GlobalPosition, RecordedEvent } from '@sportskk/event-store';
import { createLogger } from '@sportskk/platform';
import type { CheckpointStore } from '@sportskk/projection-runner';
import { TicketNotFound, type Ticketing } from '../ports/approval-ports.ts';
import { createApprovalProcessManager } from './approval-process-manager.ts';

const purchase = (
  ticketId: string,
  sequence: number,
  data: Record<string, string | number> = {},
): RecordedEvent => ({
  id: `event-${sequence}`,
  type: 'TicketPurchased',
  data: {
    ticketId,
    teamCode: 'KT',
    betCredit: 10,
    purchasedAt: '2026-01-01T00:00:00.000Z',
    ...data,
  },
  metadata: { correlationId: `corr-${ticketId}` },
  streamName: `ticket-${ticketId}`,
  revision: 0n,
  position: { transaction: 1n, sequence: BigInt(sequence) },
  recordedAt: new Date(0),
});
const running = () => new AbortController().signal;

/** Ticketing answering from a script: each call takes the next answer (a status, or an error to throw). */
function world(answers: ReadonlyArray<TicketStatus | Error>, pollMs = 1, graceMs = 1000) {
  const calls: string[] = [];
  const saved: GlobalPosition[] = [];
  const names: string[] = [];
  const logs: Array<Record<string, unknown>> = [];
  const ticketing: Ticketing = {
    async approveIfCounted(ticketId, event) {
      calls.push(`${ticketId}<-${event.id}`);
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)]!;
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  const checkpoints: CheckpointStore = {
    load: async (name) => (names.push(name), saved.at(-1)),
    save: async (name, position) => void (names.push(name), saved.push(position)),
  };
  const lines = { write: (line: string) => void logs.push(JSON.parse(line)) };
  const manager = createApprovalProcessManager(ticketing, {
    checkpoints,
    logger: createLogger('pm-test', 'info', lines),
    pollMs,
    graceMs,
  });
  /** What it logged, without the fields every line has. */
  const said = () =>
    logs.map(({ level, msg, ticketId, eventId, problem, reason }) =>
      Object.fromEntries(
        Object.entries({ level, msg, ticketId, eventId, problem, reason }).filter(
          ([, value]) => value !== undefined,
        ),
      ),
    );
  return { manager, calls, saved, names, said };
}

describe('the approval process manager', () => {
  it('follows the purchases of tickets, and what settles them', () => {
    expect(world(['APPROVED']).manager.filter).toEqual({
      streamPrefixes: ['ticket-'],
      eventTypes: ['TicketPurchased', 'TicketApproved', 'TicketCancelled'],
    });
  });

  it('in a batch, asks only about purchases not approved or cancelled in the same batch, then checkpoints the last', async () => {
    const w = world(['APPROVED']);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    const settledBy = (ticketId: string, type: string, sequence: number): RecordedEvent => ({
      ...purchase(ticketId, sequence),
      id: `event-${sequence}`,
      type,
      revision: 1n,
    });
    const events = [
      purchase(a, 1),
      purchase(b, 2),
      settledBy(a, 'TicketApproved', 3),
      purchase(c, 4),
      settledBy(c, 'TicketCancelled', 5),
    ];
    await w.manager.applyBatch!(events, running());
    expect(w.calls).toEqual([`${b}<-event-2`]);
    expect(w.saved).toEqual([events[4]!.position]);
  });

  it('one event at a time, checkpoints an approval or cancellation without asking anything', async () => {
    const w = world(['APPROVED']);
    const ticketId = randomUUID();
    const approved = {
      ...purchase(ticketId, 9),
      type: 'TicketApproved',
      data: { ticketId, approvedAt: '2026-01-01T00:00:01.000Z' },
      revision: 1n,
    };
    await w.manager.apply(approved, running());
    expect(w.calls).toEqual([]);
    expect(w.saved).toEqual([approved.position]);
    expect(w.said()).toEqual([]);
  });

  it('keeps its checkpoint under its own name, and resumes from it', async () => {
    const w = world(['APPROVED']);
    expect(w.manager.name).toBe('approval-process-manager');
    expect(await w.manager.loadCheckpoint()).toBeUndefined();
    await w.manager.apply(purchase(randomUUID(), 3), running());
    expect(await w.manager.loadCheckpoint()).toEqual({ transaction: 1n, sequence: 3n });
    expect(w.names).toEqual(Array.from({ length: 3 }, () => 'approval-process-manager'));
  });

  it('says what it did with each purchase', async () => {
    const down = new Error('HTTP 503: {"code":"TOTALLING_UNAVAILABLE"}');
    const [approved, missing] = [randomUUID(), randomUUID()];
    const w = world([down, 'APPROVED', new TicketNotFound('gone')]);
    await w.manager.apply(purchase(approved, 1), running());
    await w.manager.apply(purchase(missing, 2), running());
    await w.manager.apply(purchase('not-a-uuid', 3), running());
    expect(w.said()).toEqual([
      {
        level: 40,
        msg: 'approval waits: ticketing or totalling cannot answer',
        ticketId: approved,
        reason: down.message,
      },
      { level: 30, msg: 'ticket approved, or found approved', ticketId: approved },
      {
        level: 50,
        msg: 'ticketing has no ticket for this purchase; skipped',
        ticketId: missing,
      },
      {
        level: 40,
        msg: 'not a purchase to approve; skipped',
        eventId: 'event-3',
        problem: expect.stringContaining('ticketId'),
      },
    ]);
  });

  it('says nothing of a cancelled ticket it finds: nothing was approved', async () => {
    const w = world(['CANCELLED']);
    await w.manager.apply(purchase(randomUUID(), 4), running());
    expect(w.said()).toEqual([]);
  });

  it('waits pollMs between questions at first, growing from there', async () => {
    const w = world(['PENDING', 'PENDING', 'PENDING', 'APPROVED'], 2);
    const started = performance.now();
    await w.manager.apply(purchase(randomUUID(), 5), running());
    // Waits of 2, 4 and 8 ms (a default of 100 ms would take 700).
    expect(performance.now() - started).toBeLessThan(300);
    expect(w.calls).toHaveLength(4);
  });

  it('asks ticketing again while the ticket is PENDING (not counted yet), then checkpoints', async () => {
    const w = world(['PENDING', 'PENDING', 'PENDING', 'APPROVED']);
    const id = randomUUID();
    await w.manager.apply(purchase(id, 7), running());
    expect(w.calls).toEqual(Array.from({ length: 4 }, () => `${id}<-event-7`));
    expect(w.saved).toEqual([{ transaction: 1n, sequence: 7n }]);
  });

  it('moves on at once for a ticket approved or cancelled already', async () => {
    for (const status of ['APPROVED', 'CANCELLED'] as const) {
      const w = world([status]);
      await w.manager.apply(purchase(randomUUID(), 8), running());
      expect(w.calls).toHaveLength(1);
      expect(w.saved).toHaveLength(1);
    }
  });

  it('keeps asking while ticketing (or totalling behind it) cannot answer', async () => {
    const down = new Error('HTTP 503: {"code":"TOTALLING_UNAVAILABLE"}');
    const w = world([down, down, new Error('ECONNREFUSED'), 'APPROVED']);
    await w.manager.apply(purchase(randomUUID(), 9), running());
    expect(w.calls).toHaveLength(4);
    expect(w.saved).toHaveLength(1);
  });

  it('skips a purchase ticketing has no ticket for, and an event that is not a well-formed purchase', async () => {
    const w = world([new TicketNotFound('gone')]);
    await w.manager.apply(purchase(randomUUID(), 10), running());
    await w.manager.apply(purchase('not-a-uuid', 11), running());
    await w.manager.apply(purchase(randomUUID(), 12, { betCredit: -1 }), running());
    expect(w.calls).toHaveLength(1);
    expect(w.saved.map((position) => position.sequence)).toEqual([10n, 11n, 12n]);
  });

  it('gives up waiting when aborted, without checkpointing', async () => {
    const w = world(['PENDING']);
    const controller = new AbortController();
    const applying = w.manager.apply(purchase(randomUUID(), 13), controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(applying).rejects.toThrow();
    expect(w.saved).toEqual([]);
  });

  it('leaves a young purchase to the sync path for the grace period before it asks; an old one it asks at once', async () => {
    const w = world(['APPROVED'], 1, 80);
    const young = { ...purchase(randomUUID(), 20), recordedAt: new Date() };
    const started = Date.now();
    await w.manager.applyBatch!([young], running());
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(w.calls).toHaveLength(1);
    const replayed = Date.now();
    await w.manager.applyBatch!([purchase(randomUUID(), 21)], running()); // recorded long ago
    expect(Date.now() - replayed).toBeLessThan(60);
    const future = { ...purchase(randomUUID(), 22), recordedAt: new Date(Date.now() + 60_000) };
    const skewed = Date.now();
    await w.manager.applyBatch!([future], running()); // a clock ahead waits no longer than the grace period
    expect(Date.now() - skewed).toBeLessThan(1000);
    expect(w.calls).toHaveLength(3);
  });

  it('gives up the grace period when aborted, without asking or checkpointing', async () => {
    const w = world(['APPROVED'], 1, 10_000);
    const controller = new AbortController();
    const applying = w.manager.applyBatch!(
      [{ ...purchase(randomUUID(), 23), recordedAt: new Date() }],
      controller.signal,
    );
    setTimeout(() => controller.abort(), 20);
    await expect(applying).rejects.toThrow();
    expect([w.calls, w.saved]).toEqual([[], []]);
  });
});
