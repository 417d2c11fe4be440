import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './fresh-database.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The global setup of the int tests starts a PostgreSQL server when none is configured.
const serverUrl = process.env['DATABASE_URL']!;

let database: Awaited<ReturnType<typeof freshDatabase>>;
beforeAll(async () => void (database = await freshDatabase(serverUrl, 'sportskk_migrate')));
afterAll(async () => database?.drop());

const migrate = () =>
  spawnSync('npm', ['run', '--silent', 'migrate'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, DATABASE_URL: database.url },
  });

/** The latest migration of each schema, as the database has it. */
async function versions(): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const found: Record<string, number> = {};
    for (const schema of ['event_store', 'center', 'totalling', 'projections']) {
      const { rows } = await client.query<{ version: number }>(
        `SELECT max(version)::int AS version FROM "${schema}".schema_migrations`,
      );
      found[schema] = rows[0]!.version;
    }
    return found;
  } finally {
    await client.end();
  }
}

describe('npm run migrate', () => {
  it('brings every schema to its latest migration, then changes nothing when run again', async () => {
    const first = migrate();
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^migrated: PostgreSQL server/m);
    const migrated = await versions();
    expect(migrated).toEqual({ event_store: 2, center: 4, totalling: 3, projections: 3 });
    const again = migrate();
    expect(again.status).toBe(0);
    expect(await versions()).toEqual(migrated);
  }, 240_000);

  it('fails with a message and exit 1 when the database cannot be reached', () => {
    const run = spawnSync('npm', ['run', '--silent', 'migrate'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, DATABASE_URL: 'postgres://postgres@127.0.0.1:9/none' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^migrate failed: /m);
  }, 240_000);
});
