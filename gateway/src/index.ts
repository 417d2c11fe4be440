export {
  DEFAULT_SUPERGRAPH_PATH,
  loadGatewayConfig,
  type GatewayConfig,
  type SubgraphUrls,
} from './config.ts';
export { startGateway, type GatewayOptions } from './gateway-service.ts';
