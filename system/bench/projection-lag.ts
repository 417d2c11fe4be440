import pg from 'pg';

/**
 * How long after its append an event was visible in the center view, for events appended in `windows`: each row
 * records when it took its version (`stored_at`), so each ticket gives one sample, the event it shows last (the
 * purchase, or the approval or cancellation after it), both times the database's clock.
 */
export async function projectionLag(
  databaseUrl: string,
  windows: ReadonlyArray<readonly [Date, Date]>,
): Promise<{
  p50Ms: number;
  p99Ms: number;
  samples: number;
  /** The same for each window alone, in order. */
  windows: Array<{ p50Ms: number; p99Ms: number; samples: number }>;
}> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const windowOf = windows
      .map((_, i) => `WHEN e.recorded_at BETWEEN $${2 * i + 1} AND $${2 * i + 2} THEN ${i}`)
      .join(' ');
    const result = await client.query<{
      w: number | null;
      p50: number;
      p99: number;
      samples: string;
    }>(
      `SELECT w, percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99, count(*) AS samples
         FROM (SELECT CASE ${windowOf} END AS w, extract(epoch FROM v.stored_at - e.recorded_at) * 1000 AS lag
                 FROM event_store.events e
                 JOIN center.ticket_views v
                   ON e.stream_name = 'ticket-' || v.id AND e.stream_revision = v.version) lags
        WHERE w IS NOT NULL
        GROUP BY GROUPING SETS ((), (w))`,
      windows.flat(),
    );
    const figures = (row: { p50: number; p99: number; samples: string } | undefined) => ({
      p50Ms: Math.round(row?.p50 ?? NaN),
      p99Ms: Math.round(row?.p99 ?? NaN),
      samples: Number(row?.samples ?? 0),
    });
    return {
      ...figures(result.rows.find((row) => row.w === null)),
      windows: windows.map((_, i) => figures(result.rows.find((row) => row.w === i))),
    };
  } finally {
    await client.end();
  }
}
