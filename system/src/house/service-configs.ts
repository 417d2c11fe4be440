import { loadCenterConfig } from '@sportskk/center';
import { loadGatewayConfig } from '@sportskk/gateway';
import { loadProjectionsConfig } from '@sportskk/projections';
import { loadTicketingConfig } from '@sportskk/ticketing';
import { loadTotallingConfig } from '@sportskk/totalling';
import { loadSystemConfig } from '../config.ts';

/** Each deployable's configuration loader (they throw a ConfigError naming every bad variable). */
export const SERVICE_CONFIGS: Readonly<Record<string, (env: NodeJS.ProcessEnv) => unknown>> = {
  gateway: loadGatewayConfig,
  ticketing: loadTicketingConfig,
  totalling: loadTotallingConfig,
  center: loadCenterConfig,
  projections: loadProjectionsConfig,
  // `npm run migrate` opens every service's stores, so it checks every service's settings.
  migrate: loadSystemConfig,
};
