import { createLogger } from '@sportskk/platform';
import { getOperationAST, parse } from 'graphql';
import type { SubscribePayload } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { servedSupergraph } from '../testing/supergraph.ts';
import { federatedSubscription, SubscriberTooSlow } from './federated-subscription.ts';
import { subscriptionPlanning } from './planning.ts';
import { CURSOR_ALIAS, RESUME_VARIABLE } from './resumable.ts';
import type { UpstreamSink, Upstreams } from './upstreams.ts';

const planning = subscriptionPlanning(servedSupergraph().executable);

/** Upstreams held by the test: it plays the subgraph's side of each stream. */
function heldUpstreams() {
  const streams: Array<{ payload: SubscribePayload; sink: UpstreamSink; ended: boolean }> = [];
  const upstreams: Upstreams = {
    subscribe(_url, payload, sink) {
      const stream = { payload, sink, ended: false };
      streams.push(stream);
      return () => void (stream.ended = true);
    },
    open: () => streams.filter((stream) => !stream.ended).length,
    close: async () => undefined,
  };
  return { upstreams, streams };
}

function subscription(
  query: string,
  upstreams: Upstreams,
  options: { bufferSize?: number; variables?: Record<string, unknown>; maskErrors?: boolean } = {},
) {
  const document = parse(query);
  const variables = options.variables ?? {};
  return federatedSubscription({
    planned: planning.plan(document, getOperationAST(document)!, variables),
    planning,
    services: {},
    upstreams,
    urlOf: () => 'http://center.test/graphql',
    authorize: async () => 'Bearer signed',
    variables,
    context: (deadline) => ({ correlationId: 'c', identity: undefined, deadline }),
    requestTimeoutMs: 1000,
    logger: createLogger('test', 'silent'),
    retryMs: 1,
    maskErrors: options.maskErrors ?? false,
    ...(options.bufferSize === undefined ? {} : { bufferSize: options.bufferSize }),
  });
}

const STATUS = 'subscription { ticketStatusChanged(after: "c0") { status cursor } }';
const event = (status: string, cursor: string) => ({
  data: { ticketStatusChanged: { status, cursor, [CURSOR_ALIAS]: cursor } },
});

describe('a federated subscription', () => {
  it('answers each upstream event as the client asked, signed for the subgraph', async () => {
    const { upstreams, streams } = heldUpstreams();
    const events = subscription(STATUS, upstreams);
    const first = events.next();
    await expect.poll(() => streams.length).toBe(1);
    expect(streams[0]!.payload).toMatchObject({
      variables: { [RESUME_VARIABLE]: 'c0' },
      extensions: { authorization: 'Bearer signed' },
    });
    streams[0]!.sink.next(event('PENDING', 'c1'));
    expect((await first).value).toEqual({
      result: { data: { ticketStatusChanged: { status: 'PENDING', cursor: 'c1' } } },
      cursor: 'c1',
    });
    await events.return!();
  });

  it('reopens a broken stream after the last cursor it saw, and only then', async () => {
    const { upstreams, streams } = heldUpstreams();
    const events = subscription(STATUS, upstreams);
    const first = events.next();
    await expect.poll(() => streams.length).toBe(1);
    streams[0]!.sink.next(event('PENDING', 'c1'));
    await first;
    streams[0]!.sink.broken(new Error('socket closed'));
    await expect.poll(() => streams.length).toBe(2);
    expect(streams[1]!.payload.variables).toEqual({ [RESUME_VARIABLE]: 'c1' });
    const second = events.next();
    streams[1]!.sink.next(event('APPROVED', 'c2'));
    expect((await second).value).toMatchObject({
      result: { data: { ticketStatusChanged: { status: 'APPROVED' } } },
      cursor: 'c2',
    });
    await events.return!();
  });

  it('ends at once when the client leaves, even while it waits, and closes its upstream stream', async () => {
    const { upstreams, streams } = heldUpstreams();
    const events = subscription(STATUS, upstreams);
    const waiting = events.next();
    await expect.poll(() => upstreams.open()).toBe(1);
    await events.return!();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    expect(upstreams.open()).toBe(0);
    streams[0]!.sink.broken(new Error('late'));
    expect(streams).toHaveLength(1); // not reopened once closed
  });

  it('fails a subscriber more than its buffer behind, closing its upstream stream', async () => {
    const { upstreams, streams } = heldUpstreams();
    const events = subscription(STATUS, upstreams, { bufferSize: 2 });
    await expect.poll(() => streams.length).toBe(1);
    for (let i = 1; i <= 3; i++) streams[0]!.sink.next(event('PENDING', `c${i}`));
    await expect(events.next()).rejects.toBeInstanceOf(SubscriberTooSlow);
    expect(upstreams.open()).toBe(0);
  });

  it('masks, in production, an error without a documented code; documented ones pass', async () => {
    const { upstreams, streams } = heldUpstreams();
    const events = subscription(STATUS, upstreams, { maskErrors: true });
    await expect.poll(() => streams.length).toBe(1);
    streams[0]!.sink.next({
      errors: [
        { message: 'bad cursor', extensions: { code: 'BAD_USER_INPUT' } },
        { message: 'db.internal:5432 refused user hunter2', extensions: { code: 'ECONNREFUSED' } },
      ],
    });
    const refused = await events.next();
    expect(
      refused.value.result.errors.map((error: { toJSON(): unknown }) => error.toJSON()),
    ).toEqual([
      { message: 'bad cursor', extensions: { code: 'BAD_USER_INPUT' } },
      {
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', correlationId: 'c' },
      },
    ]);
    await events.return!();
  });

  it("passes the subgraph's refusal on as errors, then ends", async () => {
    const { upstreams, streams } = heldUpstreams();
    const events = subscription(STATUS, upstreams);
    await expect.poll(() => streams.length).toBe(1);
    streams[0]!.sink.next({
      errors: [{ message: 'bad cursor', extensions: { code: 'BAD_USER_INPUT' } }],
    });
    streams[0]!.sink.complete();
    const refused = await events.next();
    expect(refused.value.result.errors[0]).toMatchObject({
      message: 'bad cursor',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });
});
