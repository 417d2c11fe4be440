import { describe, expect, it } from 'vitest';
import { checkCheckpointOrigin, ForeignCheckpoint } from './checkpoint-origin.ts';

describe('a checkpoint read by a kind of event store', () => {
  it('is accepted when that kind wrote it', () => {
    expect(() => checkCheckpointOrigin('view', 'eventstoredb', 'eventstoredb')).not.toThrow();
    expect(() => checkCheckpointOrigin('view', 'in-memory', 'in-memory')).not.toThrow();
  });

  it('is refused, naming both stores and the way out, when another kind wrote it', () => {
    const refusal = (() => {
      try {
        checkCheckpointOrigin('team-totals', 'postgres', 'eventstoredb');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ForeignCheckpoint);
    expect(refusal).toMatchObject({
      code: 'FOREIGN_CHECKPOINT',
      checkpoint: 'team-totals',
      writtenBy: 'postgres',
      readBy: 'eventstoredb',
      message:
        'Checkpoint "team-totals" is a position in the PostgreSQL event store, but this process reads ' +
        'EventStoreDB: rebuild the projection into an empty store, or point EVENTSTORE_URL back at the ' +
        'store that wrote it',
    });
  });

  it('names an unknown writer as stored', () => {
    expect(() => checkCheckpointOrigin('view', 'kurrentdb', 'postgres')).toThrow(
      /"view" is a position in "kurrentdb", but this process reads the PostgreSQL event store/,
    );
  });

  it('untagged (stored before tagging) is accepted by PostgreSQL only', () => {
    for (const untagged of [null, undefined]) {
      expect(() => checkCheckpointOrigin('view', untagged, 'postgres')).not.toThrow();
      expect(() => checkCheckpointOrigin('view', untagged, 'eventstoredb')).toThrow(
        expect.objectContaining({ writtenBy: null, message: expect.stringMatching(/untagged/) }),
      );
    }
  });
});
