export { createSqlCheckpointStore, type CheckpointStore } from './checkpoint-store.ts';
export { checkCheckpointOrigin, ForeignCheckpoint } from './checkpoint-origin.ts';
export type { Projection } from './projection.ts';
export {
  createProjectionMetrics,
  sqlProjectionLease,
  startProjection,
  type ProjectionLease,
  type ProjectionMetrics,
  type ProjectionRunOptions,
  type RunningProjection,
} from './run-projection.ts';
export {
  CHECKPOINTS_FROM_TEXT_SQL,
  CHECKPOINTS_TAGGED_SQL,
  sqlCheckpoints,
  type SqlCheckpoints,
} from './sql-checkpoints.ts';
