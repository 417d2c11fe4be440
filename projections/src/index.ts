export { startProjection, createProjectionMetrics, type RunningProjection, type ProjectionMetrics } from './run-projection.ts';
export { createSqlCheckpointStore, type CheckpointStore } from './checkpoint-store.ts';
export { createApprovalProcessManager, APPROVAL_PROCESS_MANAGER, type ApprovalPorts } from './approval-process-manager.ts';
