import { ConfigError, loadConfig, type Config } from '@sportskk/service';

/** A deployable process: start from the environment, stop cleanly on SIGTERM (drain) or SIGINT. */
export async function runService(name: string, start: (config: Config) => Promise<{ stop(): Promise<void> }>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  }
  const running = await start(config);
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
