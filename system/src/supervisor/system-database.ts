import { createLogger, freePort } from '@sportskk/platform';
import { runningSupervisor } from './data-dir-lock.ts';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

/**
 * For the tools that open the system's stores (audit, projections:rebuild, bench): the environment that points
 * them at the database `npm start` uses. DATABASE_URL if set; PGlite in DATA_DIR if EMBEDDED_DATABASE=pglite (the
 * `npm run start:pglite` fallback); else the embedded PostgreSQL server, the running one or, when the system is
 * down, the same cluster started for as long as the tool needs it.
 */
export async function systemDatabaseEnv(
  env: NodeJS.ProcessEnv,
): Promise<{ env: NodeJS.ProcessEnv; stop(): Promise<void> }> {
  const none = { env, stop: async () => undefined };
  if (env.DATABASE_URL || env.EMBEDDED_DATABASE === 'pglite') return none;
  if (env.EMBEDDED_DATABASE && env.EMBEDDED_DATABASE !== 'postgres')
    throw new Error(`EMBEDDED_DATABASE: "${env.EMBEDDED_DATABASE}" is neither postgres nor pglite`);
  const dataDir = env.DATA_DIR ?? '.data';
  const running = runningSupervisor(dataDir)?.databaseUrl;
  if (running) return { env: { ...env, DATABASE_URL: running }, stop: none.stop };
  const server = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    logger: createLogger('postgres', 'warn'),
  });
  return { env: { ...env, DATABASE_URL: server.url }, stop: () => server.stop() };
}
