export { startSystem, type System, type SystemOptions } from './system.ts';
export { openStores, type Stores } from './stores.ts';
