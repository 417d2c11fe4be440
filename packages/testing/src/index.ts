export { announceAdapter, announceAlways } from './adapters.ts';
export { eventually } from './eventually.ts';
export { postGraphQL, type GraphQLResponse } from './graphql-client.ts';
export { logCollector } from './log-lines.ts';
export { freePort } from '@sportskk/platform';
export { serviceCallHeaders, subgraphGraphQL } from './service-calls.ts';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';
