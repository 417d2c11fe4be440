import type { EventStoreKind } from '@sportskk/event-store';

const NAMES: Record<EventStoreKind, string> = {
  postgres: 'the PostgreSQL event store',
  eventstoredb: 'EventStoreDB',
  'in-memory': 'the in-memory event store',
};

const nameOf = (kind: string) => (kind in NAMES ? NAMES[kind as EventStoreKind] : `"${kind}"`);

/** A stored checkpoint is a position in another kind of event store than the one this process reads. */
export class ForeignCheckpoint extends Error {
  readonly code = 'FOREIGN_CHECKPOINT';
  readonly checkpoint: string;
  /** The kind that wrote it; null for a checkpoint stored before checkpoints were tagged. */
  readonly writtenBy: string | null;
  readonly readBy: EventStoreKind;
  constructor(checkpoint: string, writtenBy: string | null, readBy: EventStoreKind) {
    const origin =
      writtenBy === null
        ? 'was stored untagged, before checkpoints named their event store, so it is taken for a position in ' +
          NAMES.postgres
        : `is a position in ${nameOf(writtenBy)}`;
    super(
      `Checkpoint "${checkpoint}" ${origin}, but this process reads ${NAMES[readBy]}: rebuild the ` +
        'projection into an empty store, or point EVENTSTORE_URL back at the store that wrote it',
    );
    this.name = 'ForeignCheckpoint';
    this.checkpoint = checkpoint;
    this.writtenBy = writtenBy;
    this.readBy = readBy;
  }
}

/**
 * Refuses a checkpoint written against another kind of store. An untagged one (`writtenBy` null or absent) is
 * accepted only by PostgreSQL's store, the default before checkpoints were tagged.
 */
export function checkCheckpointOrigin(
  checkpoint: string,
  writtenBy: string | null | undefined,
  readBy: EventStoreKind,
): void {
  if ((writtenBy ?? 'postgres') !== readBy)
    throw new ForeignCheckpoint(checkpoint, writtenBy ?? null, readBy);
}
