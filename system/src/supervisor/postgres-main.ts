/**
 * The embedded PostgreSQL server as a child of `npm start`: DATA_DIR, EMBEDDED_POSTGRES_PORT. It tells its
 * supervisor the database URL over IPC (`ready`, the Unix socket's when there is one; `tcp`, over TCP), and stops the server when asked (SIGTERM, SIGINT) or when the supervisor is
 * gone (the IPC channel closes), so no `postgres` outlives `npm start`.
 */
import { createLogger, envReader } from '@sportskk/platform';
import { startEmbeddedPostgres } from './embedded-postgres.ts';

const env = envReader(process.env);
const logger = createLogger('postgres', env.text('LOG_LEVEL', 'info'));
const server = await startEmbeddedPostgres({
  dataDir: env.text('DATA_DIR', '.data'),
  port: env.integer('EMBEDDED_POSTGRES_PORT', 5433, 1, 65_535),
  logger,
}).catch((error: unknown) => {
  logger.error({ err: error }, 'embedded PostgreSQL failed to start');
  process.exit(1);
});
let stopping = false;
const stop = (reason: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, 'stopping embedded PostgreSQL');
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'embedded PostgreSQL failed to stop');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.on('disconnect', () => stop('supervisor gone'));
process.send?.({ ready: server.url, tcp: server.tcpUrl });
