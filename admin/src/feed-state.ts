import type { StatusChange, TicketStatus } from './operations.ts';

export interface FeedFilter {
  readonly teamCode?: string | undefined;
  readonly status?: TicketStatus | undefined;
}

/**
 * The status changes the board has seen, newest first, each once (by cursor), the oldest dropped past `limit`.
 * `lastCursor` is where a reconnect resumes.
 */
export class FeedState {
  private readonly changes: StatusChange[] = [];
  private readonly cursors = new Set<string>();
  private last: string | undefined;

  private readonly limit: number;

  constructor(limit = 500) {
    this.limit = limit;
  }

  get lastCursor(): string | undefined {
    return this.last;
  }

  get size(): number {
    return this.changes.length;
  }

  /** False for a change already held (a resumed stream never repeats one, but a second tab's cursor might). */
  add(change: StatusChange): boolean {
    this.last = change.cursor;
    if (this.cursors.has(change.cursor)) return false;
    this.cursors.add(change.cursor);
    this.changes.unshift(change);
    for (const dropped of this.changes.splice(this.limit)) this.cursors.delete(dropped.cursor);
    return true;
  }

  visible(filter: FeedFilter): StatusChange[] {
    return this.changes.filter(
      (change) =>
        (filter.teamCode === undefined || change.ticket.teamCode === filter.teamCode) &&
        (filter.status === undefined || change.status === filter.status),
    );
  }
}
