import {
  createServiceTokens,
  readServiceKeys,
  type Identity,
  type RequestBinding,
  type ServiceKeys,
} from '@sportskk/identity';
import { envReader } from '@sportskk/platform';

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
