/** The gateway as its own process (`npm run start:gateway`): TICKETING_URL, TOTALLING_URL, CENTER_URL, SUPERGRAPH_PATH. */
import { runProcess } from '@sportskk/platform';
import { loadGatewayConfig } from './config.ts';
import { startGateway } from './gateway-service.ts';

await runProcess('gateway', loadGatewayConfig, async (config, { logger, metrics, parts }) => {
  parts.push(await startGateway({ config, logger, metrics }));
});
