export { composeSupergraph, type Composition, type SubgraphSource } from './compose.ts';
export { subgraphSources } from './subgraphs.ts';
export { startGatewayService, type GatewayServiceOptions } from './gateway-service.ts';
