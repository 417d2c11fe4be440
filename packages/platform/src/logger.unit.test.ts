import { describe, expect, it } from 'vitest';
import { connectionLost, createLogger, subscriptionDropped } from './logger.ts';

const capture = () => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('test', 'info', {
    write: (line: string) => void lines.push(JSON.parse(line)),
  });
  return { logger, lines };
};

describe('store warnings', () => {
  it('say a subscription dropped, with the error named but not its whole object', () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error('14 UNAVAILABLE: no connection'), {
      _raw: { huge: true },
    });
    subscriptionDropped(logger)(error);
    subscriptionDropped(logger)(undefined);
    expect(lines[0]!.err).not.toHaveProperty('_raw');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        service: 'test',
        msg: 'event store subscription dropped',
        err: expect.objectContaining({ message: '14 UNAVAILABLE: no connection', name: 'Error' }),
      }),
      expect.objectContaining({ level: 40, msg: 'event store subscription dropped' }),
    ]);
  });

  it('say a database connection was lost, with its message and code', () => {
    const { logger, lines } = capture();
    connectionLost(logger)(Object.assign(new Error('terminating connection'), { code: '57P01' }));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'database connection lost',
        err: expect.objectContaining({ message: 'terminating connection', code: '57P01' }),
      }),
    ]);
  });
});
