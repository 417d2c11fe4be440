import { createServiceTokens, type Identity } from '@sportskk/identity';

/** The Authorization header `caller` sends `callee`, vouching for `identity` if given, as the running services do. */
export async function serviceCallHeaders(call: {
  readonly secret: string;
  readonly caller: string;
  readonly callee: string;
  readonly identity?: Identity;
}): Promise<{ authorization: string }> {
  const token = await createServiceTokens({ secret: call.secret, self: call.caller }).sign(
    call.callee,
    call.identity,
  );
  return { authorization: `Bearer ${token}` };
}
