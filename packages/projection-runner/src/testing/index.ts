export {
  describeCheckpointStoreContract,
  type CheckpointStoreHarness,
} from './checkpoint-store-contract.ts';
