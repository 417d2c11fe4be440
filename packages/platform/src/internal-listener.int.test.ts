import { describe, expect, it } from 'vitest';
import { startHttpService } from './http-service.ts';
import { internalRoutes } from './internal-routes.ts';
import { createLogger } from './logger.ts';
import { createMetricsRegistry } from './metrics.ts';
import { testServiceSettings } from './testing/service-settings.ts';

const start = (internalPort: number | undefined) =>
  startHttpService({
    name: 'host',
    settings: testServiceSettings({ internalPort }),
    logger: createLogger('host', 'silent'),
    metrics: createMetricsRegistry('host'),
    internalRoutes: internalRoutes(createLogger('host', 'silent'), [
      {
        method: 'GET',
        path: '/internal/ping',
        handle: async () => ({ status: 200, body: 'pong' }),
      },
    ]),
  });

describe('the internal endpoint on a port of its own (INTERNAL_PORT)', () => {
  it('serves the internal routes and liveness there, and not on the public port', async () => {
    const service = await start(0);
    try {
      const internal = `http://127.0.0.1:${service.internalPort}`;
      expect(service.internalPort).toBeGreaterThan(0);
      expect(await (await fetch(`${internal}/internal/ping`)).json()).toBe('pong');
      expect((await fetch(`${internal}/health/live`)).status).toBe(200);
      expect((await fetch(`${service.url}/internal/ping`)).status).toBe(404);
      expect((await fetch(`${internal}/metrics`)).status).toBe(404); // scrapes go to the public port
    } finally {
      await service.stop();
    }
    await expect(fetch(`http://127.0.0.1:${service.internalPort}/health/live`)).rejects.toThrow();
  });

  it('serves them with the rest when unset', async () => {
    const service = await start(undefined);
    try {
      expect(service.internalPort).toBeUndefined();
      expect(await (await fetch(`${service.url}/internal/ping`)).json()).toBe('pong');
    } finally {
      await service.stop();
    }
  });
});
