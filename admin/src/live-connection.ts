import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';

/** What the indicator shows. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface LiveConnectionOptions {
  /** ws(s)://host/graphql */
  readonly url: string;
  readonly token: string;
  onState(state: ConnectionState): void;
  /** Each time the socket is (re)established: refresh what a subscription cannot resume (snapshots). */
  onConnected(): void;
  /** The gateway refused the token (closed 4401/4403): the client stops; sign in again. */
  onRefused(reason: string): void;
}

export interface LiveConnection {
  /**
   * Subscribes and keeps subscribing: graphql-ws sends `variables` again on every reconnect, serialised then, so a
   * caller that updates them (a resume cursor) resumes where it left off. A GraphQL error ends the stream; it is
   * reported, then the subscription is made again after a pause.
   */
  subscribe<Data>(
    query: string,
    variables: Record<string, unknown>,
    onData: (data: Data) => void,
    onError: (message: string, codes: readonly string[]) => void,
  ): () => void;
  close(): void;
}

/** After this many failed attempts in a row the indicator says offline (it keeps retrying). */
const OFFLINE_AFTER_ATTEMPTS = 3;
const PONG_TIMEOUT_MS = 5_000;
const RESUBSCRIBE_AFTER_ERROR_MS = 1_000;

export function connectLive(options: LiveConnectionOptions): LiveConnection {
  let failures = 0;
  let closed = false;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const reconnecting = () =>
    options.onState(
      failures >= OFFLINE_AFTER_ATTEMPTS || !navigator.onLine ? 'offline' : 'reconnecting',
    );
  const client: Client = createClient({
    url: options.url,
    connectionParams: { authorization: `Bearer ${options.token}` },
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // 0.25 s doubling to 3 s, with jitter so a restarted gateway is not met by every board at once.
    retryWait: (retries) =>
      new Promise((resolve) =>
        setTimeout(resolve, Math.min(250 * 2 ** retries, 3_000) + Math.random() * 250),
      ),
    shouldRetry: (event) => !isRefusal(event),
    onNonLazyError: () => undefined,
    on: {
      connecting: (isRetry) => (isRetry ? reconnecting() : options.onState('connecting')),
      connected: () => {
        failures = 0;
        options.onState('live');
        options.onConnected();
      },
      closed: (event) => {
        clearTimeout(pongTimer);
        if (closed) return;
        if (isRefusal(event)) {
          closed = true;
          options.onRefused((event as CloseEvent).reason || 'the gateway refused the token');
          return;
        }
        failures += 1;
        reconnecting();
      },
      // A connection that stops answering pings is dead even if the socket says open: terminate it (a half-open
      // socket would never finish a closing handshake) and reconnect.
      ping: (received) => {
        if (!received) pongTimer = setTimeout(() => client.terminate(), PONG_TIMEOUT_MS);
      },
      pong: (received) => void (received && clearTimeout(pongTimer)),
    },
  });
  return {
    subscribe<Data>(
      query: string,
      variables: Record<string, unknown>,
      onData: (data: Data) => void,
      onError: (message: string, codes: readonly string[]) => void,
    ) {
      let dispose = () => undefined as void;
      let retry: ReturnType<typeof setTimeout> | undefined;
      const start = () => {
        if (closed) return; // a disposed client would open a new socket
        dispose = client.subscribe<Data>(
          { query, variables },
          {
            next: (result: FormattedExecutionResult<Data>) => {
              if (result.data) onData(result.data);
              if (result.errors?.length) onError(...describe(result.errors));
            },
            error: (error: unknown) => {
              if (closed) return;
              onError(...describe(error));
              retry = setTimeout(start, RESUBSCRIBE_AFTER_ERROR_MS);
            },
            complete: () => undefined,
          },
        );
      };
      start();
      return () => {
        clearTimeout(retry);
        dispose();
      };
    },
    close() {
      closed = true;
      // dispose() awaits the connection attempt, which rejects when the gateway refused us: nothing left to close.
      void Promise.resolve(client.dispose()).catch(() => undefined);
    },
  };
}

function isRefusal(event: unknown): boolean {
  const code = (event as Partial<CloseEvent> | undefined)?.code;
  return code === 4401 || code === 4403;
}

/** A message to show and the errors' `extensions.code`s. */
function describe(error: unknown): [string, string[]] {
  if (Array.isArray(error)) {
    const errors = error as { message?: string; extensions?: { code?: unknown } }[];
    return [
      errors.map((e) => e.message ?? String(e)).join('; '),
      errors.map((e) => String(e.extensions?.code ?? 'ERROR')),
    ];
  }
  if (error instanceof Error) return [error.message, []];
  const close = error as Partial<CloseEvent>;
  return [
    close.code ? `connection closed (${close.code} ${close.reason ?? ''})` : String(error),
    [],
  ];
}
