/** The little of SQL the stores need, the same over a pg pool and an embedded PGlite. */
export interface SqlQueryable {
  /**
   * Parameters use $1, $2 ...; bigint columns should be cast to text in SQL and parsed by the caller.
   * `name` makes a server-side prepared statement (parsed and planned once per connection): give each
   * distinct text its own name. The embedded driver ignores it.
   */
  query<Row = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    name?: string,
  ): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  execute(script: string): Promise<void>;
}

export interface SqlClient extends SqlQueryable {
  /** Runs `work` on one connection between BEGIN and COMMIT; rolls back when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  /**
   * LISTENs on `channel`; `onNotify` is also called after a lost listening connection comes back,
   * since notifications sent meanwhile are gone. Returns the function that stops listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /** Wakes every listener of `channel`, in every process (server) or in this one (embedded: the only opener). */
  notify(channel: string): Promise<void>;
  /**
   * Takes the advisory lock `key` for as long as the caller holds it: on a connection of its own (server), so the
   * lock goes with the connection if this process dies or the connection breaks; in process (embedded: the only
   * opener). Resolves once held, trying every `pollMs` (default 1000) while someone else holds it; rejects when
   * `signal` aborts first. `lost` resolves if the lock goes without `release` (the connection broke); release it
   * then all the same, to give the connection back.
   */
  holdLock(
    key: string,
    options?: { readonly pollMs?: number; readonly signal?: AbortSignal },
  ): Promise<HeldLock>;
  /** 'embedded' has one connection: transactions serialise everything else. */
  readonly kind: 'server' | 'embedded';
}

export interface HeldLock {
  /** Resolves if the lock went without `release` (its connection broke). */
  readonly lost: Promise<void>;
  release(): Promise<void>;
}

/** Quotes an SQL identifier made only of lower-case letters, digits and underscores. */
export function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Unsafe SQL identifier: "${name}"`);
  return `"${name}"`;
}
