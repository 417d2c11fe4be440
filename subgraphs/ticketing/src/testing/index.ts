export { inMemoryTotalling } from './in-memory-totalling.ts';
export {
  describeTotallingServiceContract,
  type TotallingServiceHarness,
} from './totalling-service-contract.ts';
