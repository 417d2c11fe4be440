import {
  createClient,
  type Client,
  type FormattedExecutionResult,
  type SubscribePayload,
} from 'graphql-ws';
import WebSocket from 'ws';

export interface UpstreamSink {
  /** A result as the subgraph sent it (errors formatted, not GraphQLError instances). */
  next(result: FormattedExecutionResult<Record<string, unknown>, unknown>): void;
  /** The subgraph ended the stream. */
  complete(): void;
  /** The connection to the subgraph broke (or could not be made). */
  broken(error: unknown): void;
}

export interface Upstreams {
  /** Runs `payload` on the subgraph at `url` (its HTTP URL); the returned function ends it. */
  subscribe(url: string, payload: SubscribePayload, sink: UpstreamSink): () => void;
  /** Upstream subscriptions open now. */
  open(): number;
  /** Ends every upstream subscription and connection. */
  close(): Promise<void>;
}

/**
 * graphql-ws connections to the subgraphs, one per subgraph, each carrying every subscription to it and opened on
 * first use. Nothing is retried here: a broken connection breaks its subscriptions, and their owners resume them.
 */
export function createUpstreams(
  options: {
    /** How often each connection pings its subgraph; default 10 s. */
    readonly keepAliveMs?: number;
    /** A ping without a pong this long means the connection is dead (a silent partition); default 5 s. */
    readonly pongTimeoutMs?: number;
  } = {},
): Upstreams {
  const clients = new Map<string, Client>();
  let open = 0;
  const clientFor = (url: string) => {
    let client = clients.get(url);
    if (!client) {
      let socket: WebSocket | undefined;
      let unanswered: NodeJS.Timeout | undefined;
      client = createClient({
        url: url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        lazy: true,
        lazyCloseTimeout: 1000,
        retryAttempts: 0,
        keepAlive: options.keepAliveMs ?? 10_000,
        on: {
          connected: (connected) => void (socket = connected as WebSocket),
          ping: (received) => {
            if (received) return;
            unanswered = setTimeout(
              () => socket?.terminate(), // no close handshake: the peer is not listening
              options.pongTimeoutMs ?? 5000,
            );
          },
          pong: (received) => void (received && clearTimeout(unanswered)),
          closed: () => clearTimeout(unanswered),
        },
      });
      clients.set(url, client);
    }
    return client;
  };
  return {
    subscribe(url, payload, sink) {
      open++;
      let ended = false;
      const end = () => {
        if (ended) return false;
        ended = true;
        open--;
        return true;
      };
      const unsubscribe = clientFor(url).subscribe(payload, {
        next: (result) => !ended && sink.next(result),
        complete: () => end() && sink.complete(),
        // An array is the subgraph's `error` message (it refused or failed the operation); anything else, the socket.
        error: (error) => {
          if (!end()) return;
          if (!Array.isArray(error)) return sink.broken(error);
          sink.next({ errors: error });
          sink.complete();
        },
      });
      return () => {
        if (end()) unsubscribe();
      };
    },
    open: () => open,
    async close() {
      const all = [...clients.values()];
      clients.clear();
      await Promise.all(all.map((client) => client.dispose()));
    },
  };
}
