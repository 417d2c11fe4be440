/** The admin's bearer token for this tab (sessionStorage: gone when the tab closes). */
const KEY = 'sportskk-admin-token';

export const storedToken = (): string | null => sessionStorage.getItem(KEY);
export const storeToken = (token: string) => sessionStorage.setItem(KEY, token);
export const forgetToken = () => sessionStorage.removeItem(KEY);

/**
 * Why a pasted token will not do, read from its payload without trusting it (the gateway checks the signature):
 * not a JWT, expired, or without the admin role. Undefined when it looks right.
 */
export function tokenProblem(token: string, now = Date.now()): string | undefined {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload)
    return 'That is not a JWT (three dot-separated parts).';
  let claims: { exp?: number; scope?: string; roles?: unknown };
  try {
    claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as typeof claims;
  } catch {
    return 'That token has no readable payload.';
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now) return 'That token has expired.';
  // As the gateway reads them: the OAuth `scope` string, else a `roles` list.
  const roles: unknown[] =
    typeof claims.scope === 'string'
      ? claims.scope.split(' ')
      : Array.isArray(claims.roles)
        ? claims.roles
        : [];
  if (!roles.includes('admin')) return 'That token does not carry the admin role.';
  return undefined;
}
