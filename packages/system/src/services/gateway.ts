/** The gateway as its own process: TICKETING_URL, TOTALLING_URL, CENTER_URL. */
import { startGatewayService } from '@sportskk/gateway';
import { collectProcessMetrics, createLogger, createMetricsRegistry } from '@sportskk/service';
import { runService } from './run-service.ts';

await runService('gateway', async (config) => {
  const metrics = createMetricsRegistry('gateway');
  collectProcessMetrics(metrics);
  return startGatewayService({ config, logger: createLogger('gateway', config.logLevel), metrics, port: config.ports.gateway, host: config.host });
});
