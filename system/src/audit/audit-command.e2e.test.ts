import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '@sportskk/sql';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSystem } from '../system.ts';
import { BUY, CANCEL, graphql, signedIn, testConfig, type TicketData } from '../testing.ts';
import { auditSettled } from './audit.ts';
import { systemAuditSources } from './system-audit.ts';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const config = testConfig({ LOG_LEVEL: 'warn' });
const dataDir = config.ticketing.eventLog.dataDir!;
const ids: string[] = [];

const runAudit = (wait = '5') =>
  spawnSync('npm', ['run', '--silent', 'audit', '--', '--wait', wait], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      EMBEDDED_DATABASE: 'pglite',
    },
    encoding: 'utf8',
    timeout: 120_000,
  });

beforeAll(async () => {
  const system = await startSystem(config);
  try {
    const alice = await signedIn('alice');
    for (const [teamCode, betCredit] of [
      ['KT', 100],
      ['KT', 250],
      ['LG', 40],
    ] as const) {
      const bought = await graphql<{ buyTicket: { ticket: TicketData } }>(
        system.urls.gateway,
        BUY,
        { input: { teamCode, betCredit } },
        alice,
      );
      ids.push(bought.data!.buyTicket.ticket.id);
    }
    await graphql(system.urls.gateway, CANCEL, { input: { ticketId: ids[2] } }, alice);
    // The projections have caught up before the system stops.
    const report = await auditSettled(await systemAuditSources(system.stores, config), {
      waitMs: 20_000,
    });
    expect(report.differences).toEqual([]);
  } finally {
    await system.stop();
  }
}, 120_000);

describe('npm run audit', () => {
  it('replays the log and says the totals and the view match it: exit 0', () => {
    const run = runAudit();
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('audit: 7 ticket events, 3 tickets. Log: ');
    expect(run.stdout).toContain('audit: clean');
    expect(run.status).toBe(0);
  });

  it('prints every difference and exits 1 once the totals, the records and the view are tampered with', async () => {
    const database = await openDatabase({ databaseUrl: undefined, dataDir });
    try {
      await database.sql.execute(`
        UPDATE totalling.team_totals SET total_credit = total_credit + 5000000 WHERE team_code = 'KT';
        UPDATE totalling.ticket_totalling SET reversed_at = now() WHERE ticket_id = '${ids[0]}';
        DELETE FROM center.ticket_views WHERE id = '${ids[1]}';
        UPDATE center.ticket_views SET status = 'APPROVED', document = jsonb_set(document, '{status}', '"APPROVED"')
          WHERE id = '${ids[2]}';
      `);
    } finally {
      await database.close();
    }
    const run = runAudit('0');
    expect(run.status).toBe(1);
    const differences = run.stdout.split('\n').filter((line) => line.includes('DIFFERENCE'));
    expect(differences).toEqual([
      expect.stringMatching(
        /totals KT: totalCredit 5000350, ticketCount 2; the log says 350 and 2/,
      ),
      expect.stringContaining(`totalling has not counted ticket ${ids[0]} (APPROVED on the log)`),
      expect.stringContaining(`the view has no ticket ${ids[1]} (APPROVED on the log)`),
      expect.stringContaining(
        `the view has ticket ${ids[2]} with status APPROVED; the log says CANCELLED`,
      ),
    ]);
    expect(run.stdout).toContain('audit: 4 difference(s)');
  });

  it('says it could not run, exit 2, when the database is in use by another process', async () => {
    const database = await openDatabase({ databaseUrl: undefined, dataDir });
    try {
      const run = runAudit('0');
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/audit could not run/);
    } finally {
      await database.close();
    }
  });
});
