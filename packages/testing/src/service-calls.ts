import {
  createServiceTokens,
  operationDigest,
  readServiceKeys,
  type Identity,
  type RequestBinding,
  type ServiceKeys,
} from '@sportskk/identity';
import { envReader } from '@sportskk/platform';
import { postGraphQL, type GraphQLResponse } from './graphql-client.ts';

/**
 * The Authorization header `caller` sends `callee`, vouching for `identity` if given and made for one request if
 * `binding` is, as the running services do: signed with the caller's development key unless `keys` says otherwise.
 */
export async function serviceCallHeaders(call: {
  readonly caller: string;
  readonly callee: string;
  readonly identity?: Identity;
  readonly binding?: RequestBinding;
  readonly keys?: ServiceKeys;
}): Promise<{ authorization: string }> {
  const keys = call.keys ?? readServiceKeys(envReader({}), false, call.caller);
  const token = await createServiceTokens({ self: call.caller, keys }).sign(call.callee, {
    ...(call.identity ? { identity: call.identity } : {}),
    ...(call.binding ? { binding: call.binding } : {}),
  });
  return { authorization: `Bearer ${token}` };
}

/**
 * A GraphQL operation as the gateway (or `caller`) sends it to a subgraph: with a token for this very operation
 * (method, path, query and variables), vouching for `identity` if given.
 */
export async function subgraphGraphQL<Data = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  call: {
    readonly callee: string;
    readonly caller?: string;
    readonly identity?: Identity;
    readonly keys?: ServiceKeys;
    /** More headers, e.g. a correlation id. */
    readonly headers?: Record<string, string>;
  },
): Promise<GraphQLResponse<Data>> {
  const { pathname, search } = new URL(url);
  const headers = await serviceCallHeaders({
    caller: call.caller ?? 'gateway',
    callee: call.callee,
    binding: { method: 'POST', path: pathname + search, digest: operationDigest(query, variables) },
    ...(call.identity ? { identity: call.identity } : {}),
    ...(call.keys ? { keys: call.keys } : {}),
  });
  return postGraphQL<Data>(url, query, variables, { ...call.headers, ...headers });
}
