import { createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSystem } from './system.ts';
import { testConfig } from './testing.ts';

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer()
      .once('error', reject)
      .listen(port, '127.0.0.1', () => resolve(server));
  });
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('a start that fails midway', () => {
  it('stops what it had started and releases the embedded database', async () => {
    const probe = await listen(0);
    const totallingPort = (probe.address() as { port: number }).port;
    await close(probe);
    const blocker = await listen(0);
    const takenPort = (blocker.address() as { port: number }).port;
    const config = testConfig({
      TOTALLING_PORT: String(totallingPort),
      TICKETING_PORT: String(takenPort),
    });

    await expect(startSystem(config)).rejects.toThrow(/EADDRINUSE/);
    await close(await listen(totallingPort)); // totalling, started first, no longer holds its port
    await close(blocker);
    const system = await startSystem(testConfig({ DATA_DIR: config.ticketing.eventLog.dataDir })); // the data folder is free again
    await system.stop();
  });
});
