import { createPostgresTicketViewStore, createTicketViewProjection } from '@sportskk/center';
import type {
  EventStore,
  EventStoreKind,
  GlobalPosition,
  RecordedEvent,
} from '@sportskk/event-store';
import type { Logger } from '@sportskk/platform';
import type { Projection } from '@sportskk/projection-runner';
import type { SqlClient } from '@sportskk/sql';
import { createTeamTotalsProjection, createTotallingStore } from '@sportskk/totalling';

/** The projections that can be rebuilt: each keeps its tables and checkpoint in a schema of its own. */
const REBUILDABLE: Record<
  string,
  {
    readonly schema: string;
    create(
      sql: SqlClient,
      options: { schema: string; eventStore: EventStoreKind },
    ): Promise<Projection>;
  }
> = {
  'center-ticket-view': {
    schema: 'center',
    create: async (sql, options) =>
      createTicketViewProjection(await createPostgresTicketViewStore(sql, options)),
  },
  'team-totals': {
    schema: 'totalling',
    create: async (sql, options) =>
      createTeamTotalsProjection(await createTotallingStore(sql, options)),
  },
};

export const REBUILDABLE_PROJECTIONS = Object.keys(REBUILDABLE);

export class RebuildRefused extends Error {}

/**
 * Rebuilds projection `name` from the first event into a fresh schema while the live one keeps serving reads and
 * applying events, then swaps it in: under an exclusive lock on the live tables (readers wait a moment) it catches
 * up to the last event, renames the live schema away and the fresh one in, and drops the old one. Events committed
 * after that last read are applied to the new tables by the live projection, which is idempotent.
 */
export async function rebuildProjection(options: {
  readonly sql: SqlClient;
  readonly events: EventStore;
  readonly name: string;
  readonly logger: Logger;
  /** Events read at a time; 1,000 by default. */
  readonly batchSize?: number;
}): Promise<{ events: number; catchUpSeconds: number }> {
  const { sql, events, name, logger } = options;
  const batchSize = options.batchSize ?? 1000;
  const target = REBUILDABLE[name];
  if (!target)
    throw new RebuildRefused(
      `${name} cannot be rebuilt; the projections that can: ${REBUILDABLE_PROJECTIONS.join(', ')}`,
    );
  if (sql.kind !== 'server')
    throw new RebuildRefused(
      'a rebuild needs a PostgreSQL server (the embedded PGlite has one connection)',
    );
  const suffix = Date.now().toString(36);
  const fresh = `${target.schema}_rebuild_${suffix}`;
  const retired = `${target.schema}_retired_${suffix}`;
  const projection = await target.create(sql, { schema: fresh, eventStore: events.kind });
  let after: GlobalPosition | undefined;
  let count = 0;
  const read = (from: GlobalPosition | undefined) =>
    events.readAll({ after: from, maxCount: batchSize, filter: projection.filter });
  // The next batch is read while this one is applied: else the rebuild waits on one, then on the other.
  const catchUp = async () => {
    let next = read(after);
    for (;;) {
      const batch = await next;
      if (batch.length === 0) return;
      next = read(batch.at(-1)!.position);
      next.catch(() => undefined); // awaited on the next turn, unless this apply fails first
      await applyAll(projection, batch);
      count += batch.length;
      after = batch.at(-1)!.position;
    }
  };
  try {
    const started = performance.now();
    await catchUp();
    const catchUpSeconds = (performance.now() - started) / 1000;
    logger.info({ projection: name, events: count, catchUpSeconds }, 'rebuilt; swapping it in');
    await sql.transaction(async (tx) => {
      const tables = await tx.query<{ name: string }>(
        `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = $1`,
        [target.schema],
      );
      if (tables.length > 0)
        await tx.execute(
          `LOCK TABLE ${tables.map((table) => table.name).join(', ')} IN ACCESS EXCLUSIVE MODE`,
        );
      await catchUp(); // on other connections: the fresh schema is not locked
      await tx.execute(
        `ALTER SCHEMA ${target.schema} RENAME TO ${retired}; ALTER SCHEMA ${fresh} RENAME TO ${target.schema}`,
      );
    });
    await sql.execute(`DROP SCHEMA ${retired} CASCADE`);
    return { events: count, catchUpSeconds };
  } catch (error) {
    // Nothing was swapped in: the live projection is as it was; the half-built one goes.
    await sql.execute(`DROP SCHEMA IF EXISTS ${fresh} CASCADE`).catch(() => undefined);
    throw error;
  }
}

async function applyAll(projection: Projection, batch: readonly RecordedEvent[]) {
  const signal = new AbortController().signal;
  if (projection.applyBatch) return projection.applyBatch(batch, signal);
  for (const event of batch) await projection.apply(event, signal);
}
