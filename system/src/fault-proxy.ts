import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Forwards HTTP to a real service; on request it holds one matching call, to fail a caller in the middle of it. */
export interface FaultProxy {
  readonly port: number;
  /** Resolves with the path of the next call that matches, which is held: neither forwarded nor answered. */
  holdNext(matches: (method: string, path: string) => boolean): Promise<string>;
  /** Drops the held calls' connections without an answer. */
  dropHeld(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  let hold:
    | { matches: (method: string, path: string) => boolean; seen: (path: string) => void }
    | undefined;
  const held: ServerResponse[] = [];
  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const upstream = request(
      {
        host: target.host,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  };
  const server = createServer((incoming, outgoing) => {
    const method = incoming.method ?? 'GET';
    const path = incoming.url ?? '/';
    if (hold?.matches(method, path)) {
      const { seen } = hold;
      hold = undefined;
      held.push(outgoing);
      incoming.resume();
      seen(path);
      return;
    }
    forward(incoming, outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const dropHeld = () => {
    for (const response of held.splice(0)) response.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    holdNext: (matches) => new Promise((seen) => (hold = { matches, seen })),
    dropHeld,
    close() {
      dropHeld();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
