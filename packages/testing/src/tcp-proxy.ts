import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  /** host:port to connect to instead of the target. */
  readonly address: string;
  /**
   * Resets every open connection at once, both sides, as a network failure would; answers how many it cut. New
   * connections are still accepted.
   */
  cut(): number;
  /** Stops forwarding on every open connection without closing it: a silent partition (half-open peers). */
  freeze(): void;
  /** Cuts every open connection, then resets each new one for `ms` (a server or network outage); resolves after. */
  outage(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** Forwards TCP connections on 127.0.0.1 to `target` (host:port), so a test can cut them mid-flight. */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const { hostname, port } = new URL(`tcp://${target}`);
  const connections = new Set<readonly [Socket, Socket]>();
  let downUntil = 0;
  const server = createServer((client) => {
    if (Date.now() < downUntil) return void client.on('error', () => undefined).resetAndDestroy();
    const upstream = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    const pair = [client, upstream] as const;
    connections.add(pair);
    for (const [socket, other] of [pair, [upstream, client] as const]) {
      socket.on('error', () => socket.destroy());
      socket.on('close', () => (other.destroy(), connections.delete(pair)));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve, reject) =>
    server.once('error', reject).listen(0, '127.0.0.1', resolve),
  );
  const { port: local } = server.address() as { port: number };
  const each = (end: (socket: Socket) => void) => {
    const count = connections.size;
    for (const pair of connections) pair.forEach(end);
    connections.clear();
    return count;
  };
  return {
    address: `127.0.0.1:${local}`,
    cut: () => each((socket) => socket.resetAndDestroy()),
    freeze() {
      for (const [client, upstream] of connections) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    async outage(ms) {
      downUntil = Date.now() + ms;
      each((socket) => socket.resetAndDestroy());
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
    async close() {
      each((socket) => socket.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
