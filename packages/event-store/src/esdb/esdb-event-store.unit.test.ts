import type { EventStoreDBClient } from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { createEsdbEventStore } from './esdb-event-store.ts';
import { UNKNOWN_POSITION_PART } from './mapping.ts';

/**
 * The two client calls an append makes, answered as a server may answer an idempotent retry: success, the next
 * revision, and no position (absent or "unknown"). Not a server: only what the adapter does with the answers.
 */
function clientAnswering(answer: { position?: { commit: bigint; prepare: bigint } }) {
  const reads: Array<{ stream: string; options: unknown }> = [];
  const client = {
    appendToStream: async () => ({ success: true, nextExpectedRevision: 4n, ...answer }),
    readStream(stream: string, options: { fromRevision: bigint }) {
      reads.push({ stream, options });
      const stored = [3n, 4n].map((revision) => ({
        event: { revision, position: { commit: 100n + revision, prepare: 90n + revision } },
      }));
      return (async function* () {
        yield* stored.filter(({ event }) => event.revision >= options.fromRevision);
      })();
    },
  };
  return { client: client as unknown as EventStoreDBClient, reads };
}

const events = [{ type: 'TicketApproved', data: {}, metadata: { correlationId: 'c-1' } }];

describe('an EventStoreDB append answered without a position', () => {
  it.each([
    ['absent', {}],
    ['unknown', { position: { commit: UNKNOWN_POSITION_PART, prepare: UNKNOWN_POSITION_PART } }],
  ])('(%s) takes the position of the last appended revision, read back', async (_, answer) => {
    const { client, reads } = clientAnswering(answer);
    const store = createEsdbEventStore(client);
    await expect(store.appendToStream('ticket-1', events)).resolves.toEqual({
      nextExpectedRevision: 4n,
      position: { transaction: 104n, sequence: 94n },
    });
    expect(reads).toEqual([
      { stream: 'ticket-1', options: expect.objectContaining({ fromRevision: 4n, maxCount: 1 }) },
    ]);
  });

  it('reads nothing back when the server sent the position', async () => {
    const { client, reads } = clientAnswering({ position: { commit: 7n, prepare: 6n } });
    await expect(createEsdbEventStore(client).appendToStream('ticket-1', events)).resolves.toEqual({
      nextExpectedRevision: 4n,
      position: { transaction: 7n, sequence: 6n },
    });
    expect(reads).toEqual([]);
  });
});

describe('an EventStoreDB stream read', () => {
  const created = new Date('2026-03-01T12:00:00.000Z');
  const recorded = (revision: bigint, data: unknown = { n: Number(revision) }) => ({
    event: {
      streamId: 'ticket-1',
      id: `00000000-0000-4000-8000-00000000000${revision}`,
      isJson: true,
      revision,
      type: 'TicketPurchased',
      created,
      data,
      metadata: { correlationId: 'c-1' },
      position: { commit: 10n + revision, prepare: 10n + revision },
    },
  });
  function clientHolding(stored: ReturnType<typeof recorded>[]) {
    const asked: unknown[] = [];
    const client = {
      readStream(_stream: string, options: unknown) {
        asked.push(options);
        return (async function* () {
          yield* stored;
        })();
      },
    };
    return { client: client as unknown as EventStoreDBClient, asked };
  }

  it('asks the server for at most maxCount events from the revision', async () => {
    const { client, asked } = clientHolding([recorded(2n), recorded(3n)]);
    const read = await createEsdbEventStore(client).readStream('ticket-1', {
      fromRevision: 2n,
      maxCount: 2,
    });
    expect(read.map((event) => event.revision)).toEqual([2n, 3n]);
    expect(asked).toEqual([expect.objectContaining({ fromRevision: 2n, maxCount: 2 })]);
  });

  it('fails on an event it cannot read instead of leaving it out of the aggregate', async () => {
    const { client } = clientHolding([recorded(0n), recorded(1n, 'not an object'), recorded(2n)]);
    await expect(createEsdbEventStore(client).readStream('ticket-1')).rejects.toMatchObject({
      code: 'MALFORMED_EVENT',
      details: { streamName: 'ticket-1', revision: 1n },
    });
  });
});
