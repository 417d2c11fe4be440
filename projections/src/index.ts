export { createHttpPeers, type HttpPeersOptions } from './adapters/http-peers.ts';
export { loadProjectionsConfig, type ProjectionsConfig } from './config.ts';
export { startProjections, type ProjectionsOptions } from './service.ts';
