import type { TicketToTotal, TotallingOperation } from '@sportskk/contracts';
import type { GlobalPosition } from '@sportskk/event-store';
import {
  decide,
  type TicketTotallingRecord,
  type TotallingDecision,
} from '../domain/ticket-totalling.ts';
import type {
  TotalsDelta,
  TotallingStore,
  TotallingTransaction,
} from '../ports/totalling-store.ts';

export interface Checkpoint {
  readonly name: string;
  readonly position: GlobalPosition;
}

/** One ticket to count or reverse. */
export interface TicketToRecord {
  readonly operation: TotallingOperation;
  readonly ticket: TicketToTotal;
}

/**
 * Counts or reverses one ticket. A ticket totalling has not seen yet (the usual case: the sync call right after a
 * purchase) takes one statement; so does one whose record asks for no write (e.g. the totals projection counted
 * it first); the rest take a transaction (see recordTickets).
 */
export async function recordTicket(
  store: TotallingStore,
  operation: TotallingOperation,
  ticket: TicketToTotal,
  at: Date,
): Promise<TotallingDecision> {
  const first = decide(operation, undefined, ticket, at);
  const { inserted, existing } = await store.insertFirstRecord(first.record, first.totalsChange);
  if (inserted) return first;
  if (existing) {
    const decision = decide(operation, existing, ticket, at);
    if (decision.write === 'none') return decision;
  }
  const [decision] = await writeTickets(store, [{ operation, ticket }], at);
  return decision!;
}

/** A ticket of the batch got its first record from another transaction meanwhile: the batch starts over. */
class InsertedMeanwhile extends Error {
  constructor(tickets: readonly TicketTotallingRecord[]) {
    super(
      `Another transaction kept inserting tickets of this batch first: ${tickets.map((t) => t.ticketId).join(', ')}`,
    );
    this.name = 'InsertedMeanwhile';
  }
}

/**
 * Counts or reverses tickets, in order, with the checkpoint when a projection asks. When every ticket's record,
 * read without a lock, already makes each operation a no-op (the totals projection following tickets the sync
 * call counted, the usual case), only the checkpoint is written: a record never goes back (a ticket once recorded
 * stays so, and once reversed stays so), so a decision to write nothing stays right. Else see writeTickets.
 */
export async function recordTickets(
  store: TotallingStore,
  tickets: readonly TicketToRecord[],
  at: Date,
  checkpoint?: Checkpoint,
): Promise<TotallingDecision[]> {
  const settled = await alreadyRecorded(store, tickets, at);
  if (!settled) return writeTickets(store, tickets, at, checkpoint);
  if (checkpoint) await store.saveCheckpoint(checkpoint.name, checkpoint.position);
  return settled;
}

/** Each ticket's decision in order when none of them writes anything; else undefined. */
async function alreadyRecorded(
  store: TotallingStore,
  tickets: readonly TicketToRecord[],
  at: Date,
): Promise<TotallingDecision[] | undefined> {
  const records = await store.ticketRecords(ticketIdsOf(tickets));
  const decisions: TotallingDecision[] = [];
  for (const { operation, ticket } of tickets) {
    const decision = decide(operation, records.get(ticket.ticketId), ticket, at);
    if (decision.write !== 'none') return undefined;
    decisions.push(decision);
  }
  return decisions;
}

/**
 * Counts or reverses tickets, in order, in one transaction: lock their records (one statement), let the domain
 * decide each, then write each ticket's resulting record (the new ones in one statement, the reversed ones in
 * another), then the team totals, one change per team and direction in team order (so two transactions never
 * wait on each other's totals and records at once), and the checkpoint when a projection asks. When a concurrent
 * transaction inserts one of the new tickets first, the insert waits for it; then the batch starts over, deciding
 * on the record it made. The insert reports a conflict only once the other transaction committed (had it rolled
 * back, ours would have gone in), so each start-over finds one more record, and a record never goes away: a batch
 * of n tickets starts at most n + 1 times, however many sync calls race it.
 */
async function writeTickets(
  store: TotallingStore,
  tickets: readonly TicketToRecord[],
  at: Date,
  checkpoint?: Checkpoint,
): Promise<TotallingDecision[]> {
  const attempts = ticketIdsOf(tickets).length + 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction((tx) => decideAndWrite(tx, tickets, at, checkpoint));
    } catch (error) {
      if (!(error instanceof InsertedMeanwhile) || attempt >= attempts) throw error;
    }
  }
}

async function decideAndWrite(
  tx: TotallingTransaction,
  tickets: readonly TicketToRecord[],
  at: Date,
  checkpoint: Checkpoint | undefined,
): Promise<TotallingDecision[]> {
  const found = await tx.lockRecords(ticketIdsOf(tickets));
  const records = new Map(found);
  const decisions = tickets.map(({ operation, ticket }) => {
    const decision = decide(operation, records.get(ticket.ticketId), ticket, at);
    records.set(ticket.ticketId, decision.record);
    return decision;
  });
  const inserts: TicketTotallingRecord[] = [];
  const reversals: TicketTotallingRecord[] = [];
  for (const [ticketId, record] of records) {
    const before = found.get(ticketId);
    if (!before) inserts.push(record);
    else if (record !== before) reversals.push(record); // a reversal is the one change to a record
  }
  if ((await tx.insertRecords(inserts)) < inserts.length) throw new InsertedMeanwhile(inserts);
  if ((await tx.markReversed(reversals)) < reversals.length)
    throw new Error('A ticket record changed under its lock');
  for (const change of netChanges(decisions))
    if (!(await tx.changeTotals(change)))
      throw new Error(`No totals of team ${change.teamCode} to take a ticket out of`);
  if (checkpoint) await tx.saveCheckpoint(checkpoint.name, checkpoint.position);
  return decisions;
}

/** Each ticket's id once. */
function ticketIdsOf(tickets: readonly TicketToRecord[]): string[] {
  return [...new Set(tickets.map(({ ticket }) => ticket.ticketId))];
}

/** The decisions' totals changes summed per team and direction: in team order, each team's additions first. */
function netChanges(decisions: readonly TotallingDecision[]): TotalsDelta[] {
  const sums = new Map<string, TotalsDelta>();
  for (const { totalsChange: change } of decisions) {
    if (!change) continue;
    const key = `${change.teamCode}\n${change.tickets > 0 ? 'added' : 'taken'}`;
    const sum = sums.get(key);
    sums.set(key, {
      teamCode: change.teamCode,
      credit: (sum?.credit ?? 0) + change.credit,
      tickets: (sum?.tickets ?? 0) + change.tickets,
    });
  }
  return [...sums.keys()].sort().map((key) => sums.get(key)!);
}
