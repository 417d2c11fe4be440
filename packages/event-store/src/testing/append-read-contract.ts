import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ExpectedRevision, NewEvent } from '../port.ts';
import { EventStoreError } from '../errors.ts';
import { comparePositions } from '../position.ts';
import type { ContractContext } from './event-store-contract.ts';
import { newEvent, uniqueName } from './helpers.ts';

async function expectCode(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a rejection').toBeInstanceOf(EventStoreError);
  expect((error as EventStoreError).code).toBe(code);
  return error as EventStoreError;
}

export function appendAndReadContract({ store, refusesPartialRetries }: ContractContext): void {
  describe('append and read a stream', () => {
    it('records type, data, metadata, id, revision, position and time', async () => {
      const stream = uniqueName('ticket');
      const id = randomUUID();
      const event = newEvent({
        id,
        type: 'TicketPurchased',
        data: { teamCode: 'KT', betCredit: 10 },
        metadata: { causationId: 'cmd-1' },
      });
      const result = await store().appendToStream(stream, [event], {
        expectedRevision: 'no_stream',
      });
      expect(result.nextExpectedRevision).toBe(0n);
      const [read] = await store().readStream(stream);
      expect(read).toMatchObject({
        id,
        type: 'TicketPurchased',
        streamName: stream,
        revision: 0n,
        data: event.data,
        metadata: event.metadata,
      });
      expect(read!.position).toEqual(result.position);
      expect(read!.recordedAt).toBeInstanceOf(Date);
      expect(Math.abs(read!.recordedAt.getTime() - Date.now())).toBeLessThan(60_000);
    });

    it('appends several events atomically with consecutive revisions and reads them by range', async () => {
      const stream = uniqueName('ticket');
      await store().appendToStream(stream, [
        newEvent({ data: { n: 0 } }),
        newEvent({ data: { n: 1 } }),
      ]);
      const result = await store().appendToStream(
        stream,
        [newEvent({ data: { n: 2 } }), newEvent({ data: { n: 3 } }), newEvent({ data: { n: 4 } })],
        { expectedRevision: 1n },
      );
      expect(result.nextExpectedRevision).toBe(4n);
      const all = await store().readStream(stream);
      expect(result.position, "a multi-event append's position is its last event's").toEqual(
        all.at(-1)!.position,
      );
      expect(all.map((e) => [e.revision, e.data.n])).toEqual(
        [0n, 1n, 2n, 3n, 4n].map((r) => [r, Number(r)]),
      );
      for (let i = 1; i < all.length; i++)
        expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBeLessThan(0);
      const slice = await store().readStream(stream, { fromRevision: 2n, maxCount: 2 });
      expect(slice.map((e) => e.revision)).toEqual([2n, 3n]);
    });

    it('reads a stream that does not exist as empty', async () => {
      expect(await store().readStream(uniqueName('missing'))).toEqual([]);
    });

    it('reads several streams at once, each exactly as readStream reads it, missing ones empty', async () => {
      const [a, b, missing] = [uniqueName('many'), uniqueName('many'), uniqueName('many')];
      await store().appendToStream(a, [newEvent({ data: { n: 1 } }), newEvent({ data: { n: 2 } })]);
      await store().appendToStream(b, [newEvent({ data: { n: 3 } })]);
      await store().appendToStream(a, [newEvent({ data: { n: 4 } })]);
      const streams = await store().readStreams([b, missing, a, a]);
      expect([...streams.keys()].sort()).toEqual([a, b, missing].sort());
      expect(streams.get(a)).toEqual(await store().readStream(a));
      expect(streams.get(a)!.map((event) => event.data.n)).toEqual([1, 2, 4]);
      expect(streams.get(b)).toEqual(await store().readStream(b));
      expect(streams.get(missing)).toEqual([]);
      expect(await store().readStreams([])).toEqual(new Map());
      await expect(store().readStreams([a, ''])).rejects.toBeInstanceOf(EventStoreError);
    });

    it('keeps large payloads and unicode exactly', async () => {
      const stream = uniqueName('ünïcödé-流-🎟️');
      const text =
        'Ω≈ç√∫ 한국어 العربية עברית 🏟️⚽🎉 e\u0301 \u{1F468}\u200D\u{1F469}\u200D\u{1F467} "quotes" \\ back\nslash\t';
      const big = {
        text,
        blob: 'x'.repeat(1_000_000),
        list: Array.from({ length: 10_000 }, (_, i) => ({ i, s: `${i}✓` })),
        nested: { deep: { deeper: [1.5, -0, 1e300, true, null] } },
      };
      await store().appendToStream(stream, [
        newEvent({ type: 'Große·Überraschung', data: big, metadata: { actor: 'ファン' } }),
      ]);
      const [read] = await store().readStream(stream);
      expect(read!.streamName).toBe(stream);
      expect(read!.type).toBe('Große·Überraschung');
      expect(read!.metadata.actor).toBe('ファン');
      expect(read!.data).toEqual(JSON.parse(JSON.stringify(big)));
    });
  });

  describe('optimistic concurrency', () => {
    const cases: Array<[string, ExpectedRevision, 'exists' | 'missing', boolean]> = [
      ['no_stream on a new stream', 'no_stream', 'missing', true],
      ['no_stream on an existing stream', 'no_stream', 'exists', false],
      ['stream_exists on an existing stream', 'stream_exists', 'exists', true],
      ['stream_exists on a new stream', 'stream_exists', 'missing', false],
      ['the current revision', 0n, 'exists', true],
      ['a stale revision', 5n, 'exists', false],
      ['a revision on a new stream', 0n, 'missing', false],
      ['any on a new stream', 'any', 'missing', true],
      ['any on an existing stream', 'any', 'exists', true],
    ];
    it.each(cases)('expecting %s', async (_label, expectedRevision, state, succeeds) => {
      const stream = uniqueName('occ');
      if (state === 'exists') await store().appendToStream(stream, [newEvent()]);
      const before = await store().readStream(stream);
      const attempt = store().appendToStream(stream, [newEvent({ type: 'Second' })], {
        expectedRevision,
      });
      if (succeeds) {
        await attempt;
        expect(await store().readStream(stream)).toHaveLength(before.length + 1);
        return;
      }
      const error = await expectCode(attempt, 'WRONG_EXPECTED_VERSION');
      expect(error.details).toMatchObject({
        streamName: stream,
        expected: expectedRevision,
        actual: state === 'exists' ? 0n : 'no_stream',
      });
      expect(await store().readStream(stream)).toEqual(before);
    });

    it('lets exactly one of two concurrent appends with the same expectation win', async () => {
      for (let round = 0; round < 10; round++) {
        const stream = uniqueName('race');
        await store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const results = await Promise.allSettled([
          store().appendToStream(stream, [newEvent({ type: 'A' })], { expectedRevision: 0n }),
          store().appendToStream(stream, [newEvent({ type: 'B' })], { expectedRevision: 0n }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(rejected.reason).toMatchObject({ code: 'WRONG_EXPECTED_VERSION' });
        expect(await store().readStream(stream)).toHaveLength(2);
      }
    });

    it('lets exactly one of two concurrent creations of a stream win', async () => {
      const stream = uniqueName('race');
      const results = await Promise.allSettled(
        [1, 2].map(() =>
          store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await store().readStream(stream)).toHaveLength(1);
    });
  });

  describe('a retried append (events with ids the stream already holds)', () => {
    const withIds = (...types: string[]) =>
      types.map((type) => newEvent({ id: randomUUID(), type }));
    const retryCases: Array<[string, ExpectedRevision, boolean]> = [
      ['no_stream', 'no_stream', false],
      ['an exact revision', 0n, true],
      ['any', 'any', true],
    ];
    it.each(retryCases)(
      'expecting %s: writes nothing and answers what the first attempt did',
      async (_label, expectedRevision, existing) => {
        const stream = uniqueName('retry');
        if (existing) await store().appendToStream(stream, [newEvent()]);
        const events = withIds('A', 'B');
        const first = await store().appendToStream(stream, events, { expectedRevision });
        const before = await store().readStream(stream);
        const logBefore = (await store().readAll({ filter: { streamPrefixes: [stream] } })).length;
        const retry = await store().appendToStream(stream, events, { expectedRevision });
        expect(retry).toEqual(first);
        expect(retry.position).toEqual(before.at(-1)!.position);
        expect(await store().readStream(stream)).toEqual(before);
        expect(await store().readAll({ filter: { streamPrefixes: [stream] } })).toHaveLength(
          logBefore,
        );
      },
    );

    it('refuses one that repeats only some of those events, or reorders them, and writes nothing', async (test) => {
      if (!refusesPartialRetries()) return test.skip();
      const stream = uniqueName('retry');
      const [a, b] = withIds('A', 'B');
      await store().appendToStream(stream, [a!, b!], { expectedRevision: 'no_stream' });
      const before = await store().readStream(stream);
      for (const events of [
        [b!, newEvent({ id: randomUUID() })],
        [b!, a!],
      ]) {
        await expectCode(
          store().appendToStream(stream, events, { expectedRevision: 1n }),
          'WRONG_EXPECTED_VERSION',
        );
      }
      expect(await store().readStream(stream)).toEqual(before);
    });

    it('answers two identical appends at once as one: the same result, the events once', async () => {
      const stream = uniqueName('retry');
      for (const expectedRevision of ['no_stream', 'any'] as const) {
        const name = `${stream}-${expectedRevision}`;
        const events = withIds('A', 'B');
        const [first, second] = await Promise.all([
          store().appendToStream(name, events, { expectedRevision }),
          store().appendToStream(name, events, { expectedRevision }),
        ]);
        expect(second).toEqual(first);
        expect((await store().readStream(name)).map((event) => event.id)).toEqual(
          events.map((event) => event.id),
        );
      }
    });

    it('appends the same ids to another stream as new events', async () => {
      const events = withIds('A');
      await store().appendToStream(uniqueName('retry'), events);
      const other = uniqueName('retry');
      await store().appendToStream(other, events, { expectedRevision: 'no_stream' });
      expect((await store().readStream(other)).map((event) => event.id)).toEqual([events[0]!.id]);
    });
  });

  describe('invalid input is rejected before anything is written', () => {
    const valid = () => newEvent();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const badAppends: Array<[string, string, NewEvent[], unknown?]> = [
      ['an empty stream name', '', [valid()]],
      ['a blank stream name', '   ', [valid()]],
      ['a reserved stream name', '$all', [valid()]],
      ['no events', 'ok', []],
      ['an empty event type', 'ok', [{ ...valid(), type: '' }]],
      ['data that is not an object', 'ok', [{ ...valid(), data: 'text' as never }]],
      ['data with a function', 'ok', [{ ...valid(), data: { f: (() => 1) as never } }]],
      ['data with a bigint', 'ok', [{ ...valid(), data: { n: 1n as never } }]],
      ['data with undefined', 'ok', [{ ...valid(), data: { u: undefined as never } }]],
      ['data with NaN', 'ok', [{ ...valid(), data: { n: Number.NaN } }]],
      ['data with a cycle', 'ok', [{ ...valid(), data: cyclic as never }]],
      ['data with a Date', 'ok', [{ ...valid(), data: { at: new Date() as never } }]],
      ['data with a NUL character', 'ok', [{ ...valid(), data: { s: 'a\u0000b' } }]],
      ['data with a lone surrogate', 'ok', [{ ...valid(), data: { s: '\ud800' } }]],
      ['metadata without correlationId', 'ok', [{ ...valid(), metadata: { actor: 'x' } as never }]],
      ['an event id that is not a UUID', 'ok', [{ ...valid(), id: 'nope' }]],
      ['one bad event among good ones', 'ok', [valid(), { ...valid(), data: { n: Infinity } }]],
      ['a negative expected revision', 'ok', [valid()], -1n],
      ['an unknown expectation', 'ok', [valid()], 'sometimes'],
    ];
    it.each(badAppends)('%s', async (_label, streamSuffix, events, expectedRevision) => {
      const stream =
        streamSuffix.trim() === '' || streamSuffix.startsWith('$')
          ? streamSuffix
          : uniqueName(streamSuffix);
      const before = await store().readAll({ maxCount: 100_000 });
      await expectCode(
        store().appendToStream(
          stream,
          events,
          expectedRevision === undefined
            ? {}
            : { expectedRevision: expectedRevision as ExpectedRevision },
        ),
        'INVALID_INPUT',
      );
      expect(await store().readAll({ maxCount: 100_000 })).toHaveLength(before.length);
    });

    it('rejects bad read arguments', async () => {
      await expectCode(store().readStream(''), 'INVALID_INPUT');
      await expectCode(store().readStream('ok', { maxCount: 0 }), 'INVALID_INPUT');
      await expectCode(store().readAll({ maxCount: 1.5 }), 'INVALID_INPUT');
      await expectCode(store().readAll({ filter: { streamPrefixes: [] } }), 'INVALID_INPUT');
    });
  });

  describe('read all streams', () => {
    it('names the head: the last event readAll returns now; after it come only later events', async () => {
      const before = await store().headPosition();
      const name = uniqueName('head');
      const filter = { streamPrefixes: [name] };
      const { position } = await store().appendToStream(name, [newEvent(), newEvent()]);
      const head = await store().headPosition();
      expect(comparePositions(head, position)).toBeGreaterThanOrEqual(0);
      expect(comparePositions(head, before)).toBeGreaterThan(0);
      expect(await store().readAll({ after: head, filter })).toEqual([]);
      const later = await store().appendToStream(name, [newEvent()]);
      const after = await store().readAll({ after: head, filter });
      expect(after.map((event) => event.position)).toEqual([later.position]);
    });

    it('returns events in one global order, after a position, filtered by prefix or type', async () => {
      const tag = uniqueName('all').replace('-', '_');
      await store().appendToStream(`${tag}-a`, [
        newEvent({ type: 'One' }),
        newEvent({ type: 'Two' }),
      ]);
      await store().appendToStream(`${tag}-b`, [newEvent({ type: 'One' })]);
      await store().appendToStream(`${tag}x%-c`, [newEvent({ type: 'Two' })]);
      const mine = await store().readAll({ filter: { streamPrefixes: [`${tag}-`] } });
      expect(mine.map((e) => `${e.streamName.slice(tag.length)}:${e.type}`)).toEqual([
        '-a:One',
        '-a:Two',
        '-b:One',
      ]);
      for (let i = 1; i < mine.length; i++)
        expect(comparePositions(mine[i - 1]!.position, mine[i]!.position)).toBeLessThan(0);
      const after = await store().readAll({
        after: mine[0]!.position,
        filter: { streamPrefixes: [`${tag}-`] },
        maxCount: 1,
      });
      expect(after.map((e) => e.id)).toEqual([mine[1]!.id]);
      const literalPercent = await store().readAll({ filter: { streamPrefixes: [`${tag}x%`] } });
      expect(literalPercent.map((e) => e.streamName)).toEqual([`${tag}x%-c`]);
      const twos = await store().readAll({
        filter: { streamPrefixes: [tag], eventTypes: ['Two'] },
      });
      expect(twos.map((e) => e.streamName)).toEqual([`${tag}-a`, `${tag}x%-c`]);
    });
  });
}
