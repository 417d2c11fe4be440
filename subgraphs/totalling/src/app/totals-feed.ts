import { LiveWatcher, type Logger } from '@sportskk/platform';
import type { TeamTotal, TotallingStore } from '../ports/totalling-store.ts';

export interface TotalsFeed {
  /**
   * The team's totals now, then each time they change. Totals are a state: a reader that falls behind gets the
   * latest totals, not every step. Ends when the reader returns or the feed stops.
   */
  watch(teamCode: string): AsyncIterableIterator<TeamTotal>;
  /** How many watchers are open now. */
  watchers(): number;
  stop(): Promise<void>;
}

export interface TotalsFeedOptions {
  readonly teams: readonly string[];
  readonly logger: Logger;
  /** Totals are also read this often, in case an announcement was lost (a writer died after its commit). */
  readonly pollMs?: number;
}

const same = (a: TeamTotal | undefined, b: TeamTotal) =>
  a?.totalCredit === b.totalCredit && a.ticketCount === b.ticketCount;

/**
 * Team totals for any number of watchers: the store announces committed changes (from every process on the
 * database), the feed reads the totals once per announcement and hands each watcher its team's new totals.
 */
export async function startTotalsFeed(
  store: TotallingStore,
  options: TotalsFeedOptions,
): Promise<TotalsFeed> {
  const latest = new Map<string, TeamTotal>();
  const watchers = new Set<Watcher>();
  let reading: Promise<void> | undefined;
  let again = false;

  const read = async () => {
    for (const total of await store.teamTotals(options.teams)) {
      if (same(latest.get(total.teamCode), total)) continue;
      latest.set(total.teamCode, total);
      for (const watcher of watchers) watcher.offer(total);
    }
  };
  /** One read at a time; announcements during it make one more. */
  const refresh = () => {
    if (reading) return void (again = true);
    reading = (async () => {
      do {
        again = false;
        await read().catch((error: unknown) =>
          options.logger.warn({ err: error }, 'team totals not read; retrying at the next poll'),
        );
      } while (again);
      reading = undefined;
    })();
  };
  // A database down at start is no reason not to start: the poll keeps trying.
  const unlisten = await store.onTotalsChanged(refresh).catch((error: unknown) => {
    options.logger.warn({ err: error }, 'team totals not announced; polling only');
    return async () => undefined;
  });
  refresh();
  await reading;
  const poll = setInterval(refresh, options.pollMs ?? 5000);
  poll.unref();

  return {
    watch(teamCode) {
      const watcher = new Watcher(teamCode, () => watchers.delete(watcher));
      watchers.add(watcher);
      const now = latest.get(teamCode);
      if (now) watcher.offer(now);
      return watcher.iterator();
    },
    watchers: () => watchers.size,
    async stop() {
      clearInterval(poll);
      await unlisten();
      for (const watcher of watchers) watcher.end();
      await reading;
    },
  };
}

/** One reader of one team: at most one pending value, the latest. */
class Watcher extends LiveWatcher<TeamTotal> {
  private pending: TeamTotal | undefined;

  private readonly teamCode: string;

  constructor(teamCode: string, forget: () => void) {
    super(forget);
    this.teamCode = teamCode;
  }

  offer(total: TeamTotal): void {
    if (this.ended || total.teamCode !== this.teamCode) return;
    this.pending = total;
    this.wake();
  }

  protected take(): TeamTotal | undefined {
    const value = this.pending;
    this.pending = undefined;
    return value;
  }
}
