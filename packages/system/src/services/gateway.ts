/** The gateway as its own process: TICKETING_URL, TOTALLING_URL, CENTER_URL. */
import { startGatewayService } from '@sportskk/gateway';
import { runService } from './run-service.ts';

await runService('gateway', async (config, { logger, metrics, parts }) => {
  parts.push(await startGatewayService({ config, logger, metrics, port: config.ports.gateway, host: config.host }));
});
