import pg from 'pg';

/**
 * Waits until no event has been appended for `quietMs` (the approvals and projections behind a load run are done),
 * or `maxMs` has passed; resolves with how long it waited.
 */
export async function untilQuiet(
  databaseUrl: string,
  { quietMs = 2000, maxMs = 60_000 } = {},
): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    let last = -1;
    let since = Date.now();
    while (Date.now() - started < maxMs) {
      const { rows } = await client.query<{ count: string }>(
        'SELECT count(*) AS count FROM event_store.events',
      );
      const count = Number(rows[0]!.count);
      if (count !== last) [last, since] = [count, Date.now()];
      else if (Date.now() - since >= quietMs) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return Date.now() - started;
  } finally {
    await client.end();
  }
}
