import type { EventStoreKind } from '@sportskk/event-store';
import { sqlCheckpoints } from '@sportskk/projection-runner';
import { identifier, migrate, type SqlClient, type SqlQueryable } from '@sportskk/sql';
import type { TicketListFilter, TicketListQuery } from '../../domain/ticket-list.ts';
import type { TicketViewDocument } from '../../domain/ticket-view.ts';
import type { TicketViewStore, TicketViewTransaction } from '../../ports/ticket-view-store.ts';
import { TICKET_VIEW_MIGRATIONS } from './migrations.ts';

export interface PostgresTicketViewStoreOptions {
  /** Defaults to `center`. */
  readonly schema?: string;
  /** The kind of event store the projection reads: its checkpoints are positions there. */
  readonly eventStore: EventStoreKind;
}

/**
 * The ticket view in PostgreSQL: one row per ticket with the document as JSONB and the columns lists filter and
 * sort on. Migrates `schema` first. Works over a server pool and over the embedded PGlite alike.
 */
export async function createPostgresTicketViewStore(
  sql: SqlClient,
  options: PostgresTicketViewStoreOptions,
): Promise<TicketViewStore> {
  const schemaName = options.schema ?? 'center';
  await migrate(sql, schemaName, TICKET_VIEW_MIGRATIONS);
  const views = `${identifier(schemaName)}.ticket_views`;
  const checkpoints = sqlCheckpoints(schemaName, options.eventStore);
  const named = (name: string) => `center:${schemaName}:${name}`;
  const upsert = `INSERT INTO ${views} AS stored (id, version, status, team_code, buyer_id, purchased_at, document)
    VALUES ($1, $2, $3, $4, $5, $6::timestamptz, $7::jsonb)
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, team_code = EXCLUDED.team_code,
      buyer_id = EXCLUDED.buyer_id, purchased_at = EXCLUDED.purchased_at, document = EXCLUDED.document, stored_at = now()
    WHERE stored.version < EXCLUDED.version
    RETURNING id`;

  // The same upsert for many documents, from one JSON array.
  const upsertMany = `INSERT INTO ${views} AS stored (id, version, status, team_code, buyer_id, purchased_at, document)
    SELECT d->>'id', (d->>'version')::bigint, d->>'status', d->>'teamCode', d->>'buyerId', (d->>'purchasedAt')::timestamptz, d
      FROM jsonb_array_elements($1::jsonb) AS d
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, status = EXCLUDED.status, team_code = EXCLUDED.team_code,
      buyer_id = EXCLUDED.buyer_id, purchased_at = EXCLUDED.purchased_at, document = EXCLUDED.document, stored_at = now()
    WHERE stored.version < EXCLUDED.version`;

  const unitOf = (tx: SqlQueryable): TicketViewTransaction => ({
    async load(ticketId) {
      // The row lock serialises applies to one ticket, so the document folded into is the one replaced.
      const [row] = await tx.query<{ document: TicketViewDocument }>(
        `SELECT document FROM ${views} WHERE id = $1 FOR UPDATE`,
        [ticketId],
        named('load'),
      );
      return row?.document ?? null;
    },
    async loadMany(ticketIds) {
      // In id order, so two units locking overlapping sets cannot deadlock.
      const rows = await tx.query<{ id: string; document: TicketViewDocument }>(
        `SELECT id, document FROM ${views} WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`,
        [ticketIds],
        named('loadMany'),
      );
      return new Map(rows.map((row) => [row.id, row.document]));
    },
    async write(document) {
      const { id, version, status, teamCode, buyerId, purchasedAt } = document;
      return (
        (
          await tx.query(
            upsert,
            [id, version, status, teamCode, buyerId, purchasedAt, JSON.stringify(document)],
            named('upsert'),
          )
        ).length === 1
      );
    },
    async writeMany(documents) {
      if (documents.length > 0)
        await tx.query(upsertMany, [JSON.stringify(documents)], named('upsertMany'));
    },
    saveCheckpoint: (name, position) => checkpoints.save(tx, name, position),
  });

  return {
    unitOfWork: (work) => sql.transaction((tx) => work(unitOf(tx))),

    async get(ticketId) {
      const [row] = await sql.query<{ document: TicketViewDocument }>(
        `SELECT document FROM ${views} WHERE id = $1`,
        [ticketId],
        named('get'),
      );
      return row?.document;
    },

    async list(query: TicketListQuery) {
      const filter = whereFilter(query.filter);
      const page = [...filter.conditions];
      const params = [...filter.params];
      if (query.after) {
        params.push(query.after.purchasedAt, query.after.id);
        page.push(
          `(purchased_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::text)`,
        );
      }
      params.push(query.first + 1);
      // Two statements (possibly two connections): under concurrent writes the count may differ from the page by a few.
      const [rows, counted] = await Promise.all([
        sql.query<{ document: TicketViewDocument }>(
          `SELECT document FROM ${views} ${where(page)} ORDER BY purchased_at DESC, id DESC LIMIT $${params.length}`,
          params,
        ),
        sql.query<{ total: number }>(
          `SELECT count(*)::int AS total FROM ${views} ${where(filter.conditions)}`,
          filter.params,
        ),
      ]);
      const tickets = rows.slice(0, query.first).map((row) => row.document);
      return {
        tickets,
        hasNextPage: rows.length > query.first,
        totalCount: counted[0]?.total ?? 0,
      };
    },

    loadCheckpoint: (name) => checkpoints.load(sql, name),
    ping: async () => void (await sql.query(`SELECT 1 FROM ${views} LIMIT 1`)),
  };
}

function whereFilter(filter: TicketListFilter): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.status !== undefined) conditions.push(`status = $${params.push(filter.status)}`);
  if (filter.teamCode !== undefined)
    conditions.push(`team_code = $${params.push(filter.teamCode)}`);
  if (filter.buyerId !== undefined) conditions.push(`buyer_id = $${params.push(filter.buyerId)}`);
  return { conditions, params };
}

function where(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}
