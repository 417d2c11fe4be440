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
