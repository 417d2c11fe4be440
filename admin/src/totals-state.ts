import type { TeamTotal } from './operations.ts';

/**
 * Per-team totals from two sources: a snapshot query (on connect and reconnect) and live changes. A snapshot asked
 * before a team's latest live change does not overwrite it.
 */
export class TotalsState {
  private readonly totals = new Map<string, TeamTotal>();
  private readonly changedAt = new Map<string, number>();
  private clock = 0;

  /** Call when asking for a snapshot; pass the result to `applySnapshot`. */
  snapshotTicket(): number {
    return ++this.clock;
  }

  applySnapshot(ticket: number, totals: readonly TeamTotal[]): void {
    for (const total of totals)
      if ((this.changedAt.get(total.teamCode) ?? 0) < ticket)
        this.totals.set(total.teamCode, total);
  }

  applyChange(total: TeamTotal): void {
    this.changedAt.set(total.teamCode, ++this.clock);
    this.totals.set(total.teamCode, total);
  }

  /** In the order teams were first seen (the snapshot gives the configured order). */
  teams(): TeamTotal[] {
    return [...this.totals.values()];
  }
}
