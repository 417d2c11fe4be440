import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveSubscription<Data> {
  /** Every `next` so far, in order. */
  readonly results: FormattedExecutionResult<Data, unknown>[];
  /** Settles when the server ends the subscription: with an error for an `error` message or a closed socket. */
  readonly ended: Promise<void>;
  dispose(): void;
}

/** A graphql-ws client of the gateway, as a browser would hold one (`connectionParams` carry the token). */
export function liveClient(
  /** The gateway's GraphQL endpoint, http://host:port/graphql. */
  endpoint: string,
  authorization: string | undefined,
  options: { readonly retryAttempts?: number; readonly onClosed?: (code: number) => void } = {},
): Client {
  return createClient({
    url: endpoint.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization ? { authorization } : {},
    retryAttempts: options.retryAttempts ?? 0,
    on: {
      closed: (event) => options.onClosed?.((event as { code: number }).code),
    },
  });
}

/** Subscribes and collects what arrives. */
export function collect<Data>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): LiveSubscription<Data> {
  const results: FormattedExecutionResult<Data, unknown>[] = [];
  let dispose = () => undefined as void;
  const ended = new Promise<void>((resolve, reject) => {
    dispose = client.subscribe<Data>(
      { query, variables },
      {
        next: (result) => void results.push(result),
        complete: resolve,
        error: reject,
      },
    );
  });
  ended.catch(() => undefined);
  return { results, ended, dispose: () => dispose() };
}
