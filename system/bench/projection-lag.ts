import pg from 'pg';

/**
 * How long after its append an event was visible in the center view, for events appended in `windows`: each row
 * records when it took its version (`stored_at`), so each ticket gives one sample, the event it shows last (the
 * purchase, or the approval or cancellation after it), both times the database's clock.
 */
export async function projectionLag(
  databaseUrl: string,
  windows: ReadonlyArray<readonly [Date, Date]>,
): Promise<{ p50Ms: number; p99Ms: number; samples: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ p50: number; p99: number; samples: string }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99, count(*) AS samples
         FROM (SELECT extract(epoch FROM v.stored_at - e.recorded_at) * 1000 AS lag
                 FROM event_store.events e
                 JOIN center.ticket_views v
                   ON e.stream_name = 'ticket-' || v.id AND e.stream_revision = v.version
                WHERE (${windows.map((_, i) => `e.recorded_at BETWEEN $${2 * i + 1} AND $${2 * i + 2}`).join(' OR ')})) lags`,
      windows.flat(),
    );
    const row = result.rows[0]!;
    return { p50Ms: Math.round(row.p50), p99Ms: Math.round(row.p99), samples: Number(row.samples) };
  } finally {
    await client.end();
  }
}
