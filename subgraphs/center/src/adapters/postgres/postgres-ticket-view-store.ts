import { parsePosition, type GlobalPosition, type RecordedEvent } from '@sportskk/event-store';
import { identifier, migrate, type SqlClient, type SqlQueryable } from '@sportskk/sql';
import type { TicketListFilter, TicketListQuery } from '../../domain/ticket-list.ts';
import { evolve, ticketIdOf, type TicketViewDocument } from '../../domain/ticket-view.ts';
import type { ApplyOptions, TicketViewApplyResult, TicketViewStore } from '../../ports/ticket-view-store.ts';
import { TICKET_VIEW_MIGRATIONS } from './migrations.ts';

export interface PostgresTicketViewStoreOptions {
  /** Defaults to `center`. */
  readonly schema?: string;
}

/**
 * The ticket view in PostgreSQL: one row per ticket with the document as JSONB and the columns lists filter and
 * sort on. Migrates `schema` first. Works over a server pool and over the embedded PGlite alike.
 */
export async function createPostgresTicketViewStore(sql: SqlClient, options: PostgresTicketViewStoreOptions = {}): Promise<TicketViewStore> {
  const schemaName = options.schema ?? 'center';
  await migrate(sql, schemaName, TICKET_VIEW_MIGRATIONS);
  const schema = identifier(schemaName);
  const views = `${schema}.ticket_views`;
  const checkpoints = `${schema}.checkpoints`;

  const saveCheckpoint = async (db: SqlQueryable, name: string, position: GlobalPosition) => {
    await db.query(
      `INSERT INTO ${checkpoints} AS stored (name, transaction, sequence) VALUES ($1, $2::numeric, $3::numeric)
       ON CONFLICT (name) DO UPDATE SET transaction = EXCLUDED.transaction, sequence = EXCLUDED.sequence, stored_at = now()
       WHERE (stored.transaction, stored.sequence) < (EXCLUDED.transaction, EXCLUDED.sequence)`,
      [name, position.transaction.toString(), position.sequence.toString()],
    );
  };

  /** Writes `document` unless a version at or above its own is stored; true when it was written. */
  const write = async (db: SqlQueryable, document: TicketViewDocument) => {
    const rows = await db.query(
      `INSERT INTO ${views} AS stored (id, version, status, team_code, purchased_at, document) VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb)
       ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, team_code = EXCLUDED.team_code,
         purchased_at = EXCLUDED.purchased_at, document = EXCLUDED.document, stored_at = now()
       WHERE stored.version < EXCLUDED.version
       RETURNING id`,
      [document.id, document.version, document.status, document.teamCode, document.purchasedAt, JSON.stringify(document)],
    );
    return rows.length === 1;
  };

  const applyIn = async (tx: SqlQueryable, event: RecordedEvent): Promise<TicketViewApplyResult> => {
    const ticketId = ticketIdOf(event);
    if (ticketId === undefined) return { applied: false };
    // The row lock serialises applies to one ticket, so the document we fold into is the one we replace.
    const [row] = await tx.query<{ document: TicketViewDocument }>(`SELECT document FROM ${views} WHERE id = $1 FOR UPDATE`, [ticketId]);
    const previous = row?.document ?? null;
    const document = evolve(previous, event);
    if (document === null || document === previous || !(await write(tx, document))) return { applied: false };
    return { applied: true, previous, document };
  };

  return {
    apply: (event: RecordedEvent, applyOptions: ApplyOptions = {}) =>
      sql.transaction(async (tx) => {
        const result = await applyIn(tx, event);
        if (applyOptions.checkpoint !== undefined) await saveCheckpoint(tx, applyOptions.checkpoint, event.position);
        return result;
      }),

    async get(ticketId) {
      const [row] = await sql.query<{ document: TicketViewDocument }>(`SELECT document FROM ${views} WHERE id = $1`, [ticketId]);
      return row?.document;
    },

    async list(query: TicketListQuery) {
      const filter = whereFilter(query.filter);
      const page = [...filter.conditions];
      const params = [...filter.params];
      if (query.after) {
        params.push(query.after.purchasedAt, query.after.id);
        page.push(`(purchased_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::text)`);
      }
      params.push(query.first + 1);
      // Two statements (possibly two connections): under concurrent writes the count may differ from the page by a few.
      const [rows, counted] = await Promise.all([
        sql.query<{ document: TicketViewDocument }>(
          `SELECT document FROM ${views} ${where(page)} ORDER BY purchased_at DESC, id DESC LIMIT $${params.length}`,
          params,
        ),
        sql.query<{ total: number }>(`SELECT count(*)::int AS total FROM ${views} ${where(filter.conditions)}`, filter.params),
      ]);
      return { tickets: rows.slice(0, query.first).map((row) => row.document), hasNextPage: rows.length > query.first, totalCount: counted[0]?.total ?? 0 };
    },

    async loadCheckpoint(name) {
      const [row] = await sql.query<{ position: string }>(`SELECT transaction::text || '/' || sequence::text AS position FROM ${checkpoints} WHERE name = $1`, [name]);
      return row ? parsePosition(row.position) : undefined;
    },

    saveCheckpoint: (name, position) => saveCheckpoint(sql, name, position),

    ping: async () => void (await sql.query(`SELECT 1 FROM ${checkpoints} LIMIT 1`)),
  };
}

function whereFilter(filter: TicketListFilter): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.status !== undefined) conditions.push(`status = $${params.push(filter.status)}`);
  if (filter.teamCode !== undefined) conditions.push(`team_code = $${params.push(filter.teamCode)}`);
  return { conditions, params };
}

function where(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}
