export { createSqlCheckpointStore, type CheckpointStore } from './checkpoint-store.ts';
export type { Projection } from './projection.ts';
export {
  createProjectionMetrics,
  startProjection,
  type ProjectionMetrics,
  type ProjectionRunOptions,
  type RunningProjection,
} from './run-projection.ts';
export {
  CHECKPOINTS_FROM_TEXT_SQL,
  sqlCheckpoints,
  type SqlCheckpoints,
} from './sql-checkpoints.ts';
