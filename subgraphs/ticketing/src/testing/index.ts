export {
  describeTotallingServiceContract,
  type TotallingServiceHarness,
} from './totalling-service-contract.ts';
