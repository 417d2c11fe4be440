import { closeSync, openSync } from 'node:fs';
import { startTelemetry } from './telemetry.ts';
import type { Registry } from 'prom-client';
import { ConfigError } from './env.ts';
import { createLogger, type Logger } from './logger.ts';
import { collectProcessMetrics, createMetricsRegistry } from './metrics.ts';

export type Part = { stop(): Promise<void> } | { close(): Promise<void> };

/** Parts started in order, stopped newest first; each is stopped even if another fails. */
export interface PartStack {
  push<P extends Part>(part: P): P;
  stop(): Promise<void>;
}

export function partStack(): PartStack {
  const parts: Part[] = [];
  return {
    push(part) {
      parts.push(part);
      return part;
    },
    async stop() {
      const failures: unknown[] = [];
      for (const part of parts.splice(0).reverse()) {
        await ('stop' in part ? part.stop() : part.close()).catch((error: unknown) =>
          failures.push(error),
        );
      }
      if (failures.length === 1) throw failures[0];
      if (failures.length > 1) throw new AggregateError(failures, 'Some parts failed to stop');
    },
  };
}

/** What a process gets: its logger, its metrics registry (with process metrics), and the stack of its parts. */
export interface ProcessKit {
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly parts: PartStack;
}

/**
 * A deployable process: reads its configuration (a bad one prints every problem and exits 1), starts its parts
 * (a failed start stops what it started and exits 1), and on SIGTERM or SIGINT stops them and exits 0; likewise when
 * the IPC channel to the supervisor that started it closes.
 */
export async function runProcess<
  Config extends { readonly service: { readonly logLevel: string } },
>(
  name: string,
  loadConfig: (env: NodeJS.ProcessEnv) => Config,
  start: (config: Config, kit: ProcessKit) => Promise<void>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const logger = createLogger(name, config.service.logLevel);
  const metrics = createMetricsRegistry(name);
  collectProcessMetrics(metrics);
  const parts = partStack();
  const telemetry = startTelemetry(name, process.env);
  if (telemetry) parts.push(telemetry); // stopped last: it flushes the spans of the shutdown too
  try {
    await start(config, { logger, metrics, parts });
  } catch (error) {
    logger.error({ err: error }, `${name} failed to start`);
    await parts
      .stop()
      .catch((stopError: unknown) => logger.error({ err: stopError }, `${name} failed to stop`));
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${name} stopping`);
    try {
      await parts.stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, `${name} failed to stop cleanly`);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // Started by a supervisor with an IPC channel (npm start): when the supervisor is gone, so is this process.
  if (process.send)
    process.on('disconnect', () => {
      discardOutput(); // its log pipe is gone too: writes would fail, and pino retries a failed flush forever
      void stop('supervisor gone');
    });
  logger.info(`${name} process started`);
}

/** Points stdout and stderr at /dev/null (a closed descriptor is the next one opened). */
function discardOutput(): void {
  for (const fd of [1, 2]) {
    closeSync(fd);
    const opened = openSync('/dev/null', 'w');
    if (opened !== fd) closeSync(opened);
  }
}
