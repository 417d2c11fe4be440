import { describe, expect, it } from 'vitest';
import { TotalsState } from './totals-state.ts';

const total = (teamCode: string, totalCredit: number) => ({
  teamCode,
  totalCredit,
  ticketCount: 1,
});

describe('TotalsState', () => {
  it('keeps the snapshot order and takes live changes', () => {
    const totals = new TotalsState();
    totals.applySnapshot(totals.snapshotTicket(), [total('KT', 1), total('AA', 2)]);
    totals.applyChange(total('KT', 5));
    expect(totals.teams()).toEqual([total('KT', 5), total('AA', 2)]);
  });

  it('does not let a snapshot asked before a live change overwrite it', () => {
    const totals = new TotalsState();
    const ticket = totals.snapshotTicket();
    totals.applyChange(total('KT', 9)); // arrives while the snapshot is in flight
    totals.applySnapshot(ticket, [total('KT', 3), total('AA', 4)]);
    expect(totals.teams()).toEqual([total('KT', 9), total('AA', 4)]);
  });

  it('lets a later snapshot correct an earlier change', () => {
    const totals = new TotalsState();
    totals.applyChange(total('KT', 9));
    totals.applySnapshot(totals.snapshotTicket(), [total('KT', 12)]);
    expect(totals.teams()).toEqual([total('KT', 12)]);
  });
});
