/** npm run start:pglite: the whole system in one process on the embedded PGlite database (the fallback); Ctrl-C stops it. */
import { runProcess } from '@sportskk/platform';
import { builtAdminPage } from './admin-page.ts';
import { loadSystemConfig } from './config.ts';
import { watchSubgraphSchemas } from './supergraph/watch.ts';
import { startSystem } from './system.ts';

process.env.ADMIN_DIR ??= await builtAdminPage(); // the gateway serves it at /admin
await runProcess('system', loadSystemConfig, async (config, { logger, parts }) => {
  const system = parts.push(await startSystem(config));
  // In development an edited SDL file is composed into the gateway's supergraph, which the gateway then serves.
  if (config.gateway.watchSupergraph)
    parts.push(watchSubgraphSchemas(config.gateway.supergraphPath, logger));
  console.log(
    [
      '',
      'SportsKK Federation is up.',
      `  GraphQL API / Apollo Sandbox: ${system.urls.gateway.replace('127.0.0.1', 'localhost')}`,
      `  admin live board: ${system.urls.gateway.replace('127.0.0.1', 'localhost').replace(/graphql$/, 'admin/')}`,
      `  event store: ${system.stores.kinds.events}`,
      `  center view: ${system.stores.kinds.views}`,
      `  totals:      ${system.stores.kinds.sql}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
});
