/**
 * npm start: the embedded PostgreSQL server and every service in its own process, supervised; one log stream;
 * Ctrl-C stops the services, then the database (a second Ctrl-C kills them).
 */
import { ConfigError, createLogger, envReader, freePort } from '@sportskk/platform';
import { builtAdminPage } from './admin-page.ts';
import { loadSystemConfig } from './config.ts';
import { logOutput } from './supervisor/log-output.ts';
import { SERVICES, startSupervisedSystem, type ServiceName } from './supervisor/supervisor.ts';
import { watchSubgraphSchemas } from './supergraph/watch.ts';

let systemConfig;
let env;
try {
  process.env.ADMIN_DIR ??= await builtAdminPage(); // the gateway serves it at /admin
  systemConfig = loadSystemConfig(process.env); // every service's settings, checked before anything starts
  env = envReader(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
const output = logOutput(
  env.oneOf('LOG_FORMAT', ['pretty', 'json'], process.stdout.isTTY ? 'pretty' : 'json'),
  process.stdout,
);
const logger = createLogger('supervisor', systemConfig.service.logLevel, output.stream);
const ports = Object.fromEntries(
  Object.entries(SERVICES).map(([name, service]) => [
    name,
    env.integer(service.portVariable, service.port, 0, 65_535),
  ]),
) as Record<ServiceName, number>;
const embeddedPort = env.integer('EMBEDDED_POSTGRES_PORT', 0, 0, 65_535);

let stopping = false;
let system: Awaited<ReturnType<typeof startSupervisedSystem>> | undefined;
const stop = (signal: string) => {
  if (stopping) {
    logger.warn({ signal }, 'stopping now: killing every process');
    system?.kill();
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'stopping: the services, then the database');
  void (system?.stop() ?? Promise.resolve()).then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'did not stop cleanly');
      process.exit(1);
    },
  );
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => stop(signal));

try {
  system = await startSupervisedSystem(
    {
      dataDir: systemConfig.ticketing.eventLog.dataDir,
      databaseUrl: systemConfig.ticketing.eventLog.databaseUrl,
      embeddedPostgresPort: embeddedPort === 0 ? await freePort() : embeddedPort,
      ports,
      timings: {
        restart: { initialMs: 500, maxMs: 15_000 },
        healthyAfterMs: 30_000,
        stopTimeoutMs: env.integer('STOP_TIMEOUT_MS', 20_000, 100, 600_000),
      },
      readyTimeoutMs: env.integer('READY_TIMEOUT_MS', 120_000, 1000, 3_600_000),
      nodeArgs: env.text('NODE_ARGS', '').split(' ').filter(Boolean),
    },
    process.env,
    logger,
    output,
  );
} catch (error) {
  logger.error({ err: error }, 'npm start failed');
  process.exit(1);
}
// In development an edited SDL file is composed into the supergraph, which the gateway then reloads.
if (systemConfig.gateway.watchSupergraph)
  watchSubgraphSchemas(systemConfig.gateway.supergraphPath, logger);
if (!stopping)
  console.log(
    [
      '',
      'SportsKK Federation is up.',
      `  GraphQL API / Apollo Sandbox: ${system.gatewayUrl}`,
      `  admin live board: ${new URL('/admin/', system.gatewayUrl).href}`,
      `  database: ${system.databaseKind}`,
      `  processes: ${system.children.map((child) => `${child.name} (pid ${child.pid()})`).join(', ')}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
