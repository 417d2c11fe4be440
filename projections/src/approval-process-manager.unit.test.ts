import { describe, expect, it } from 'vitest';
import type { GlobalPosition, RecordedEvent } from '@sportskk/event-store';
import { createLogger } from '@sportskk/service';
import { createApprovalProcessManager, type ApprovalPorts } from './approval-process-manager.ts';
import type { CheckpointStore } from './checkpoint-store.ts';

const purchase = (ticketId: string, sequence: number): RecordedEvent => ({
  id: `event-${sequence}`, type: 'TicketPurchased', data: { ticketId, teamCode: 'KT', betCredit: 10, purchasedAt: '2026-01-01T00:00:00.000Z' },
  metadata: { correlationId: `corr-${ticketId}` }, streamName: `ticket-${ticketId}`, revision: 0n, position: { transaction: 1n, sequence: BigInt(sequence) }, recordedAt: new Date(0),
});

function world(status: 'PENDING' | 'APPROVED' | 'CANCELLED', countedAfterChecks: number) {
  const approvals: string[] = [];
  const saved: GlobalPosition[] = [];
  let checks = 0;
  const ports: ApprovalPorts = {
    ticketStatus: async () => (approvals.length > 0 ? 'APPROVED' : status),
    isCounted: async () => ++checks > countedAfterChecks,
    approve: async (ticketId, event) => void approvals.push(`${ticketId}<-${event.id}`),
  };
  const checkpoints: CheckpointStore = { load: async () => saved.at(-1), save: async (_name, position) => void saved.push(position) };
  const manager = createApprovalProcessManager(ports, { checkpoints, logger: createLogger('pm-test', 'silent'), pollMs: 1 });
  return { manager, approvals, saved, checks: () => checks };
}

describe('the approval process manager', () => {
  it('follows only purchases of tickets', () => {
    expect(world('PENDING', 0).manager.filter).toEqual({ streamPrefixes: ['ticket-'], eventTypes: ['TicketPurchased'] });
  });

  it('approves a pending ticket once totalling has counted it, then checkpoints', async () => {
    const w = world('PENDING', 3);
    await w.manager.apply(purchase('t1', 7));
    expect(w.approvals).toEqual(['t1<-event-7']);
    expect(w.checks()).toBe(4);
    expect(w.saved).toEqual([{ transaction: 1n, sequence: 7n }]);
  });

  it('does not approve approved or cancelled tickets, and moves on', async () => {
    for (const status of ['APPROVED', 'CANCELLED'] as const) {
      const w = world(status, 0);
      await w.manager.apply(purchase('t2', 8));
      expect(w.approvals).toEqual([]);
      expect(w.saved).toHaveLength(1);
    }
  });

  it('gives up waiting when aborted, without checkpointing', async () => {
    const w = world('PENDING', Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const applying = w.manager.apply(purchase('t3', 9), controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(applying).rejects.toThrow();
    expect(w.saved).toEqual([]);
    expect(w.approvals).toEqual([]);
  });
});
