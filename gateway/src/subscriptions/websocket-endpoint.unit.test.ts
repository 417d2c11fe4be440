import { createLogger } from '@sportskk/platform';
import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { SubscriberTooSlow } from './federated-subscription.ts';
import { TOO_SLOW } from './cohorts.ts';
import { closingWhenTooSlow } from './websocket-endpoint.ts';

const logger = createLogger('test', 'silent');
const failing = (error: Error): AsyncIterableIterator<unknown> => {
  const iterator = {
    next: () => Promise.reject(error),
    return: async () => ({ done: true as const, value: undefined }),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
};
const socket = () => {
  const closed: Array<[number, string]> = [];
  return {
    closed,
    socket: { close: (code: number, reason: string) => closed.push([code, reason]) },
  };
};

describe('a subscriber too slow for its buffer', () => {
  it('has its connection closed with TOO_SLOW (1013, retryable) and its stream ended', async () => {
    const { closed, socket: ws } = socket();
    const events = closingWhenTooSlow(
      failing(new SubscriberTooSlow(5)),
      ws as unknown as WebSocket,
      logger,
      'c',
    );
    expect(await events.next()).toEqual({ done: true, value: undefined });
    expect(closed).toEqual([[TOO_SLOW, expect.stringMatching(/resume from your last cursor/)]]);
    expect(TOO_SLOW).toBe(1013);
  });

  it('other failures go on as the stream error, the connection left open', async () => {
    const { closed, socket: ws } = socket();
    const events = closingWhenTooSlow(
      failing(new Error('boom')),
      ws as unknown as WebSocket,
      logger,
      'c',
    );
    await expect(events.next()).rejects.toThrow('boom');
    expect(closed).toEqual([]);
  });
});
