export { backoff, sleep, type Backoff, type BackoffOptions } from './backoff.ts';
