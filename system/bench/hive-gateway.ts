/**
 * Hive Gateway (@graphql-hive/gateway's runtime, its defaults) over the same supergraph and subgraphs, for the
 * benchmark: GATEWAY_PORT, the subgraph URLs and keys as our gateway reads them. The one plugin does what the
 * subgraphs demand of any gateway: it verifies the caller's bearer token once per request and signs each subgraph
 * fetch with the gateway's service key, bound to that fetch's operation, as ours does.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import {
  bearerTokenOf,
  createBearerTokenVerifier,
  createServiceTokens,
  operationDigest,
  readBearerTokenSettings,
  readServiceKeys,
  type Identity,
} from '@sportskk/identity';
import { envReader } from '@sportskk/platform';

// Read as our gateway reads them (not through @sportskk/gateway: Hive's types change GraphQLError's extensions).
const env = envReader(process.env);
const verify = createBearerTokenVerifier(readBearerTokenSettings(env, false));
const tokens = createServiceTokens({
  keys: readServiceKeys(env, false, 'gateway'),
  self: 'gateway',
});
const subgraphUrls: Record<string, string> = {
  ticketing: env.url('TICKETING_URL', 'http://localhost:4001/graphql'),
  totalling: env.url('TOTALLING_URL', 'http://localhost:4002/graphql'),
  center: env.url('CENTER_URL', 'http://localhost:4003/graphql'),
};
const subgraphOf = new Map(Object.entries(subgraphUrls).map(([name, url]) => [url, name]));
// The supergraph names each subgraph's URL: point them where this run's subgraphs listen.
const supergraph = readFileSync(
  env.text('SUPERGRAPH_PATH', 'gateway/supergraph.graphql'),
  'utf8',
).replace(
  /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
  (_whole, name: string) => `@join__graph(name: "${name}", url: "${subgraphUrls[name] ?? ''}")`,
);
const port = env.integer('GATEWAY_PORT', 4000, 0, 65_535);

const identities = new WeakMap<object, Promise<Identity | undefined>>();
const identityOf = (request: Request) => {
  let identity = identities.get(request);
  if (!identity) {
    const token = bearerTokenOf(request.headers.get('authorization') ?? undefined);
    identity = token === undefined ? Promise.resolve(undefined) : verify(token);
    identities.set(request, identity);
  }
  return identity;
};

const signSubgraphFetches: GatewayPlugin = {
  async onFetch({ url, options, setOptions, context }) {
    const subgraph = subgraphOf.get(url);
    const request = (context as { request?: Request }).request;
    if (!subgraph || !request) return;
    const identity = await identityOf(request);
    const body = JSON.parse(String(options.body)) as { query?: string; variables?: unknown };
    const token = await tokens.sign(subgraph, {
      binding: {
        method: 'POST',
        path: new URL(url).pathname,
        digest: operationDigest(body.query, body.variables),
      },
      ...(identity ? { identity } : {}),
    });
    setOptions({
      ...options,
      headers: { ...(options.headers as Record<string, string>), authorization: `Bearer ${token}` },
    });
  },
};

const gateway = createGatewayRuntime({ supergraph, plugins: () => [signSubgraphFetches] });
createServer(gateway).listen(port, '127.0.0.1', () =>
  process.stdout.write(`hive gateway listening on ${port}\n`),
);
process.on('SIGTERM', () => process.exit(0));
