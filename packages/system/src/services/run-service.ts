import { collectProcessMetrics, ConfigError, createLogger, createMetricsRegistry, loadConfig, type Config, type Logger } from '@sportskk/service';
import type { Registry } from 'prom-client';

/** What every process gets: its logger, its metrics registry (with process metrics), and a stack of parts to stop. */
export interface ProcessKit {
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly parts: ReturnType<typeof stack>;
}

/** A deployable process: start from the environment, stop cleanly on SIGTERM (drain) or SIGINT. */
export async function runService(name: string, start: (config: Config, kit: ProcessKit) => Promise<void>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const metrics = createMetricsRegistry(name);
  collectProcessMetrics(metrics);
  const running = stack();
  await start(config, { logger: createLogger(name, config.logLevel), metrics, parts: running });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await running.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  console.error(JSON.stringify({ level: 30, service: name, msg: `${name} process started` }));
}

type Part = { stop(): Promise<void> } | { close(): Promise<void> };

/** Starts parts in order and stops (or closes) them in reverse. */
export function stack() {
  const parts: Part[] = [];
  return {
    push<T extends Part>(part: T): T {
      parts.push(part);
      return part;
    },
    async stop() {
      for (const part of parts.reverse()) await ('stop' in part ? part.stop() : part.close());
    },
  };
}
