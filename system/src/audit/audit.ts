import { TICKET_STREAM_PREFIX } from '@sportskk/contracts';
import type { TicketViewStore } from '@sportskk/center';
import type { EventStore, GlobalPosition, RecordedEvent } from '@sportskk/event-store';
import type { TotallingStore } from '@sportskk/totalling';
import { replayTicketLog, totalsOnLog, type TicketOnLog } from './log-replay.ts';

/** What the audit reads: the log, and the two read sides built from it. */
export interface AuditSources {
  readonly events: EventStore;
  readonly totals: Pick<TotallingStore, 'teamTotals' | 'ticketRecords'>;
  readonly views: Pick<TicketViewStore, 'get' | 'list'>;
  /** The configured teams: each must have a total, zero or not. */
  readonly teams: readonly string[];
}

export interface AuditReport {
  readonly events: number;
  readonly tickets: number;
  /** One line per difference, naming the ticket or team, what the store holds and what the log says. */
  readonly differences: readonly string[];
}

const PAGE = 1000;
const BATCH = 500;

/** Replays the ticket log and compares per-team totals, totalling's per-ticket records and the center view with it. */
export async function audit(sources: AuditSources): Promise<AuditReport> {
  const events = await readTicketLog(sources.events);
  const { tickets, unreadable } = replayTicketLog(events);
  const differences = unreadable.map((problem) => `log: ${problem}`);
  differences.push(...(await compareTotals(sources, [...tickets.values()])));
  const all = [...tickets.values()];
  for (let i = 0; i < all.length; i += BATCH) {
    const batch = all.slice(i, i + BATCH);
    differences.push(...(await compareRecords(sources, batch)));
    differences.push(...(await compareViews(sources, batch)));
  }
  differences.push(...(await viewRowsOffTheLog(sources, tickets)));
  return { events: events.length, tickets: tickets.size, differences };
}

/** Audits until it is clean or `waitMs` has passed: projections that are still catching up are given time. */
export async function auditSettled(
  sources: AuditSources,
  options: { readonly waitMs: number; readonly intervalMs?: number },
): Promise<AuditReport> {
  const deadline = Date.now() + options.waitMs;
  for (;;) {
    const report = await audit(sources);
    if (report.differences.length === 0 || Date.now() >= deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

async function readTicketLog(events: EventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await events.readAll({
      ...(after ? { after } : {}),
      maxCount: PAGE,
      filter: { streamPrefixes: [TICKET_STREAM_PREFIX] },
    });
    all.push(...page);
    if (page.length < PAGE) return all;
    after = page.at(-1)!.position;
  }
}

async function compareTotals(sources: AuditSources, tickets: readonly TicketOnLog[]) {
  const expected = totalsOnLog(tickets, sources.teams);
  const teams = [...expected.keys()];
  const stored = await sources.totals.teamTotals(teams);
  return stored.flatMap((total) => {
    const onLog = expected.get(total.teamCode)!;
    if (total.totalCredit === onLog.totalCredit && total.ticketCount === onLog.ticketCount)
      return [];
    return [
      `totals ${total.teamCode}: totalCredit ${total.totalCredit}, ticketCount ${total.ticketCount}; ` +
        `the log says ${onLog.totalCredit} and ${onLog.ticketCount}`,
    ];
  });
}

async function compareRecords(sources: AuditSources, tickets: readonly TicketOnLog[]) {
  const records = await sources.totals.ticketRecords(tickets.map((ticket) => ticket.ticketId));
  return tickets.flatMap((ticket) => {
    const record = records.get(ticket.ticketId);
    const counted = record !== undefined && record.countedAt !== null && record.reversedAt === null;
    const problems: string[] = [];
    if (ticket.status !== 'CANCELLED' && !counted)
      problems.push(
        `totalling has not counted ticket ${ticket.ticketId} (${ticket.status} on the log)`,
      );
    if (ticket.status === 'CANCELLED' && counted)
      problems.push(`totalling still counts ticket ${ticket.ticketId}, CANCELLED on the log`);
    if (record && (record.teamCode !== ticket.teamCode || record.betCredit !== ticket.betCredit))
      problems.push(
        `totalling records ticket ${ticket.ticketId} as ${record.teamCode} ${record.betCredit}; ` +
          `the log says ${ticket.teamCode} ${ticket.betCredit}`,
      );
    return problems;
  });
}

async function compareViews(sources: AuditSources, tickets: readonly TicketOnLog[]) {
  const documents = await Promise.all(tickets.map((ticket) => sources.views.get(ticket.ticketId)));
  return tickets.flatMap((ticket, i) => {
    const document = documents[i];
    if (!document)
      return [`the view has no ticket ${ticket.ticketId} (${ticket.status} on the log)`];
    const fields = ['status', 'version', 'teamCode', 'betCredit', 'buyerId'] as const;
    return fields
      .filter((field) => document[field] !== ticket[field])
      .map(
        (field) =>
          `the view has ticket ${ticket.ticketId} with ${field} ${String(document[field])}; ` +
          `the log says ${String(ticket[field])}`,
      );
  });
}

async function viewRowsOffTheLog(sources: AuditSources, tickets: ReadonlyMap<string, TicketOnLog>) {
  const extra: string[] = [];
  let after: { purchasedAt: string; id: string } | undefined;
  for (;;) {
    const page = await sources.views.list({ filter: {}, first: 100, ...(after ? { after } : {}) });
    for (const document of page.tickets)
      if (!tickets.has(document.id))
        extra.push(`the view has ticket ${document.id}, which is not on the log`);
    if (!page.hasNextPage) return extra;
    const last = page.tickets.at(-1)!;
    after = { purchasedAt: last.purchasedAt, id: last.id };
  }
}
