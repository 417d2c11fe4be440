import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GlobalPosition, RecordedEvent } from '@sportskk/event-store';
import { createLogger } from '@sportskk/platform';
import type { CheckpointStore } from '@sportskk/projection-runner';
import type { ApprovalPorts } from '../ports/approval-ports.ts';
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

/** Ports whose answers a test sets: the status, after how many checks totalling has counted, which calls fail. */
function world(
  status: 'PENDING' | 'APPROVED' | 'CANCELLED',
  countedAfterChecks: number,
  failures: { isCounted?: number; approve?: number } = {},
) {
  const approvals: string[] = [];
  const saved: GlobalPosition[] = [];
  let checks = 0;
  let failedChecks = 0;
  let failedApprovals = 0;
  const ports: ApprovalPorts = {
    ticketStatus: async () => (approvals.length > 0 ? 'APPROVED' : status),
    async isCounted() {
      if (failedChecks < (failures.isCounted ?? 0))
        throw new Error(`totalling down (${++failedChecks})`);
      return ++checks > countedAfterChecks;
    },
    async approve(ticketId, event) {
      if (failedApprovals < (failures.approve ?? 0))
        throw new Error(`ticketing down (${++failedApprovals})`);
      approvals.push(`${ticketId}<-${event.id}`);
    },
  };
  const checkpoints: CheckpointStore = {
    load: async () => saved.at(-1),
    save: async (_name, position) => void saved.push(position),
  };
  const manager = createApprovalProcessManager(ports, {
    checkpoints,
    logger: createLogger('pm-test', 'silent'),
    pollMs: 1,
  });
  return { manager, approvals, saved, checks: () => checks };
}

describe('the approval process manager', () => {
  it('follows only purchases of tickets', () => {
    expect(world('PENDING', 0).manager.filter).toEqual({
      streamPrefixes: ['ticket-'],
      eventTypes: ['TicketPurchased'],
    });
  });

  it('approves a pending ticket once totalling has counted it, then checkpoints', async () => {
    const w = world('PENDING', 3);
    const id = randomUUID();
    await w.manager.apply(purchase(id, 7), running());
    expect(w.approvals).toEqual([`${id}<-event-7`]);
    expect(w.checks()).toBe(4);
    expect(w.saved).toEqual([{ transaction: 1n, sequence: 7n }]);
  });

  it('does not approve approved or cancelled tickets, and moves on', async () => {
    for (const status of ['APPROVED', 'CANCELLED'] as const) {
      const w = world(status, 0);
      await w.manager.apply(purchase(randomUUID(), 8), running());
      expect(w.approvals).toEqual([]);
      expect(w.saved).toHaveLength(1);
    }
  });

  it('keeps waiting while totalling or ticketing cannot be reached, and approves once they answer', async () => {
    const w = world('PENDING', 0, { isCounted: 3, approve: 2 });
    const id = randomUUID();
    await w.manager.apply(purchase(id, 9), running());
    expect(w.approvals).toEqual([`${id}<-event-9`]);
    expect(w.saved).toHaveLength(1);
  });

  it('skips an event that is not a well-formed purchase, checkpointing past it', async () => {
    const w = world('PENDING', 0);
    await w.manager.apply(purchase('not-a-uuid', 10), running());
    await w.manager.apply(purchase(randomUUID(), 11, { betCredit: -1 }), running());
    expect(w.approvals).toEqual([]);
    expect(w.saved).toEqual([
      { transaction: 1n, sequence: 10n },
      { transaction: 1n, sequence: 11n },
    ]);
  });

  it('gives up waiting when aborted, without checkpointing', async () => {
    const w = world('PENDING', Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const applying = w.manager.apply(purchase(randomUUID(), 12), controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(applying).rejects.toThrow();
    expect(w.saved).toEqual([]);
    expect(w.approvals).toEqual([]);
  });
});
