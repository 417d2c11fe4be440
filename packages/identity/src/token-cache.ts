import { LRUCache } from 'lru-cache';

/**
 * What verifying a token proved, kept by the token's text until it expires (and no longer than `maxAgeMs`), so the
 * same token seen again costs a map lookup instead of a signature check. Only successes are kept.
 */
export function tokenCache<Value extends object>(options: {
  readonly maxAgeMs: number;
  readonly max?: number;
  readonly now?: () => number;
}) {
  const now = options.now ?? (() => Date.now());
  const entries = new LRUCache<string, { value: Value; until: number }>({
    max: options.max ?? 10_000,
  });
  return {
    get(token: string): Value | undefined {
      const entry = entries.get(token);
      if (entry && entry.until > now()) return entry.value;
      if (entry) entries.delete(token);
      return undefined;
    },
    /** `expiresAt`: the token's `exp` (seconds since the epoch). */
    set(token: string, value: Value, expiresAt: number | undefined): void {
      const until = Math.min((expiresAt ?? 0) * 1000, now() + options.maxAgeMs);
      if (until > now()) entries.set(token, { value, until });
    },
  };
}
