import { loadCenterConfig, type CenterConfig } from '@sportskk/center';
import { loadGatewayConfig, type GatewayConfig } from '@sportskk/gateway';
import { ConfigError } from '@sportskk/platform';
import { loadProjectionsConfig, type ProjectionsConfig } from '@sportskk/projections';
import { loadTicketingConfig, type TicketingConfig } from '@sportskk/ticketing';
import { loadTotallingConfig, type TotallingConfig } from '@sportskk/totalling';

/** Every service's own settings, read from one environment, for the system in one process. */
export interface SystemConfig {
  readonly service: { readonly logLevel: string };
  readonly gateway: GatewayConfig;
  readonly ticketing: TicketingConfig;
  readonly totalling: TotallingConfig;
  readonly center: CenterConfig;
  readonly projections: ProjectionsConfig;
}

/** Each service reads what it needs; the problems of all of them are listed together, each once. */
export function loadSystemConfig(env: NodeJS.ProcessEnv): SystemConfig {
  const problems = new Set<string>();
  const read = <Config>(load: (env: NodeJS.ProcessEnv) => Config): Config | undefined => {
    try {
      return load(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) problems.add(problem);
      return undefined;
    }
  };
  const gateway = read(loadGatewayConfig);
  const ticketing = read(loadTicketingConfig);
  const totalling = read(loadTotallingConfig);
  const center = read(loadCenterConfig);
  const projections = read(loadProjectionsConfig);
  if (!gateway || !ticketing || !totalling || !center || !projections)
    throw new ConfigError([...problems]);
  return {
    service: { logLevel: gateway.service.logLevel },
    gateway,
    ticketing,
    totalling,
    center,
    projections,
  };
}
