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

/**
 * A subscriber as a careful client writes one: whenever the stream ends or the connection drops, it subscribes
 * again (every 200 ms until the gateway answers) with `after` = the cursor of the last change it saw.
 */
export function resumingSubscriber<Data>(
  endpoint: string,
  authorization: string,
  query: string,
  cursorOf: (data: Data) => string,
): { readonly seen: Data[]; readonly resumes: () => number; stop(): Promise<void> } {
  const seen: Data[] = [];
  let after: string | undefined;
  let client: Client | undefined;
  let stopped = false;
  let resumes = 0;
  const again = () => {
    if (stopped) return;
    resumes++;
    void client?.dispose();
    setTimeout(run, 200);
  };
  const run = () => {
    if (stopped) return;
    client = liveClient(endpoint, authorization);
    client.subscribe<Data>(
      { query, variables: after === undefined ? {} : { after } },
      {
        next: ({ data }) => {
          if (!data) return;
          seen.push(data);
          after = cursorOf(data);
        },
        error: again,
        complete: again,
      },
    );
  };
  run();
  return {
    seen,
    resumes: () => resumes,
    async stop() {
      stopped = true;
      await client?.dispose();
    },
  };
}
