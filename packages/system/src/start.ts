/** npm start: the whole system on the embedded default; Ctrl-C stops it cleanly. */
import { ConfigError, loadConfig } from '@sportskk/service';
import { startSystem } from './system.ts';

try {
  const config = loadConfig();
  const system = await startSystem(config);
  console.log(
    [
      '',
      `SportsKK Federation is up.`,
      `  GraphQL API / Apollo Sandbox: ${system.urls.gateway.replace('127.0.0.1', 'localhost')}`,
      `  event store: ${system.stores.kinds.events}`,
      `  center view: ${system.stores.kinds.views}`,
      `  totals:      ${system.stores.kinds.sql}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping...`);
    await system.stop();
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
