import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import type { Logger } from './logger.ts';
import type { ServiceSettings } from './settings.ts';

export interface InternalListener {
  readonly port: number;
  stop(): Promise<void>;
}

/** A second listener serving only the internal routes (and liveness), on INTERNAL_PORT. */
export async function listenInternal(
  routes: (app: Express) => void,
  instrument: (app: Express) => void,
  settings: Pick<ServiceSettings, 'host' | 'shutdown'> & {
    readonly internalPort?: number | undefined;
  },
  logger: Logger,
  name: string,
): Promise<InternalListener> {
  const app = express();
  app.disable('x-powered-by');
  instrument(app);
  routes(app);
  const server = createServer(app);
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
