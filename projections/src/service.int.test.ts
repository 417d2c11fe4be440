import { createInMemoryEventStore, type GlobalPosition } from '@sportskk/event-store';
import { createLogger, createMetricsRegistry } from '@sportskk/platform';
import { describe, expect, it } from 'vitest';
import { startProjections } from './service.ts';

describe('the projections worker', () => {
  it('is ready while its log and checkpoints answer, and 503 once the checkpoints fail', async () => {
    let checkpointsUp = true;
    const positions = new Map<string, GlobalPosition>();
    const service = await startProjections({
      config: {
        service: {
          environment: 'test',
          host: '127.0.0.1',
          port: 0,
          internalPort: undefined,
          logLevel: 'silent',
          introspection: false,
          sandbox: false,
          shutdown: { delayMs: 0, graceMs: 1000 },
        },
      },
      events: createInMemoryEventStore(),
      checkpoints: {
        load: async (name) => {
          if (!checkpointsUp) throw new Error('checkpoint store unreachable');
          return positions.get(name);
        },
        save: async (name, position) => void positions.set(name, position),
      },
      ticketing: { approveIfCounted: async () => 'APPROVED' },
      logger: createLogger('projections', 'silent'),
      metrics: createMetricsRegistry('projections'),
    });
    try {
      const ready = async () => (await fetch(`${service.url}/health/ready`)).status;
      expect(await ready()).toBe(200);
      checkpointsUp = false;
      expect(await ready()).toBe(503);
      checkpointsUp = true;
      expect(await ready()).toBe(200);
    } finally {
      await service.stop();
    }
  });
});
