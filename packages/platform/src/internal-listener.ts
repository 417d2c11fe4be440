import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './logger.ts';
import type { ServiceSettings } from './settings.ts';

export interface InternalListener {
  readonly port: number;
  stop(): Promise<void>;
}

/** A second listener, on INTERNAL_PORT, for the internal routes (and liveness): `serve` answers every request. */
export async function listenInternal(
  serve: (request: IncomingMessage, response: ServerResponse) => void,
  settings: Pick<ServiceSettings, 'host' | 'shutdown'> & {
    readonly internalPort?: number | undefined;
  },
  logger: Logger,
  name: string,
): Promise<InternalListener> {
  const server = createServer(serve);
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.internalPort, settings.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ url: `http://localhost:${port}` }, `${name} internal endpoint listening`);
  return {
    port,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const cut = setTimeout(() => server.closeAllConnections(), settings.shutdown.graceMs);
      await closed;
      clearTimeout(cut);
    },
  };
}
