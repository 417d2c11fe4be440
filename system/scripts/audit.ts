/**
 * npm run audit [-- --wait <seconds>]
 * Replays the event log and compares it with the team totals, totalling's per-ticket records and the center view,
 * over the stores the environment names (DATABASE_URL, EVENTSTORE_URL, MONGO_URL; else the embedded PostgreSQL of
 * `npm start`, running or not; EMBEDDED_DATABASE=pglite for the PGlite fallback, which allows one opener: stop
 * `npm run start:pglite` first). Prints each difference; exits 1 if any.
 */
import { parseArgs } from 'node:util';
import { createLogger, partStack } from '@sportskk/platform';
import { auditSettled } from '../src/audit/audit.ts';
import { systemAuditSources } from '../src/audit/system-audit.ts';
import { loadSystemConfig } from '../src/config.ts';
import { openSystemStores } from '../src/stores.ts';
import { systemDatabaseEnv } from '../src/supervisor/system-database.ts';

const { values } = parseArgs({
  options: { wait: { type: 'string', default: '10' } },
  strict: true,
});
const waitSeconds = Number(values.wait);
if (!Number.isFinite(waitSeconds) || waitSeconds < 0) {
  console.error('Usage: npm run audit -- [--wait <seconds to let projections catch up>]');
  process.exit(2);
}

const parts = partStack();
let exitCode = 2;
try {
  const database = await systemDatabaseEnv(process.env);
  parts.push(database);
  const config = loadSystemConfig(database.env);
  const stores = await openSystemStores(config, createLogger('audit', 'warn'), parts);
  const report = await auditSettled(await systemAuditSources(stores, config), {
    waitMs: waitSeconds * 1000,
  });
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  console.log(
    `audit: ${count(report.events, 'ticket event')}, ${count(report.tickets, 'ticket')}. ` +
      `Log: ${stores.kinds.events}; totals: ${stores.kinds.sql}; view: ${stores.kinds.views}.`,
  );
  for (const difference of report.differences) console.log(`  DIFFERENCE ${difference}`);
  console.log(
    report.differences.length === 0
      ? 'audit: clean, the totals and the view match the log'
      : `audit: ${report.differences.length} difference(s)`,
  );
  exitCode = report.differences.length === 0 ? 0 : 1;
} catch (error) {
  console.error('audit could not run:', error instanceof Error ? error.message : error);
} finally {
  await parts.stop().catch(() => undefined);
}
process.exit(exitCode);
