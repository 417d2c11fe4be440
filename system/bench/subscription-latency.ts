import { signDevelopmentToken } from '@sportskk/identity';
import WebSocket from 'ws';
import { quantiles, type LoadResult } from './load.ts';

export interface SubscriptionLatency {
  readonly subscribers: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Changes every subscriber should have had, and how many deliveries were missing at the end. */
  readonly changes: number;
  readonly missing: number;
  /** Reconnections after a close as too slow (each resumed after its last cursor). */
  readonly resumed: number;
  /** Each process's CPU use during the load, in % of one core; `client` is the measuring client (this process). */
  readonly cpuPercent: Record<string, number>;
  /** The purchases that ran meanwhile. */
  readonly load: LoadResult;
}

const clientCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const AT = /"at":"([^"]+)"/;
const CURSOR = /"cursor":"([^"]+)"/;
const FEED = `subscription Feed($after: String) { ticketStatusChanged(after: $after) { status at cursor ticket { id betCredit } } }`;

/**
 * (s) For each count: that many admins, each on its own graphql-ws connection to the gateway, subscribe to every
 * status change (with a ticketing field, so each event crosses subgraphs) while `load` runs; latency is receipt
 * time minus the change's `at` (same machine clock). Every subscriber must get every change.
 */
export async function subscriptionLatency(
  gatewayPort: number,
  counts: readonly number[],
  load: () => Promise<LoadResult>,
  /** Before each count: until what the previous load left behind is done. */
  settle: () => Promise<unknown>,
  /** CPU time so far of each process to report, in ms. */
  cpuMs: () => Record<string, number>,
): Promise<SubscriptionLatency[]> {
  const authorization = `Bearer ${await signDevelopmentToken({ subject: 'bench-watcher', roles: ['admin'], ttlSeconds: 7200 })}`;
  const results: SubscriptionLatency[] = [];
  for (const count of counts) {
    await settle();
    const sockets: WebSocket[] = [];
    const seen = Array.from({ length: count }, () => new Set<string>());
    const latencies: number[] = [];
    let measuring = false;
    const all = new Set<string>();
    const cursors: Array<string | undefined> = Array.from({ length: count }, () => undefined);
    let stopping = false;
    let resumed = 0;
    // The graphql-ws protocol by hand, reading only `at` and `cursor`: the measuring client must stay cheap. A
    // subscriber closed as too slow (1013) connects again and resumes after its last cursor, as a real client does.
    const connect = (i: number) => {
      const socket = new WebSocket(`ws://127.0.0.1:${gatewayPort}/graphql`, 'graphql-transport-ws');
      sockets[i] = socket;
      socket.on('open', () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })),
      );
      socket.on('error', () => undefined);
      socket.on('close', (code) => {
        if (stopping || code !== 1013) return;
        resumed++;
        connect(i);
      });
      socket.on('message', (data) => {
        const text = data.toString();
        if (text.includes('"connection_ack"'))
          return socket.send(
            JSON.stringify({
              id: '1',
              type: 'subscribe',
              payload: { query: FEED, variables: { after: cursors[i] ?? null } },
            }),
          );
        if (!text.includes('"type":"next"')) return;
        const cursor = CURSOR.exec(text)?.[1];
        if (!cursor) return;
        cursors[i] = cursor;
        seen[i]!.add(cursor); // before and after measuring too: a change at the edge is no loss
        const at = AT.exec(text)?.[1];
        if (!measuring || !at) return;
        latencies.push(Date.now() - Date.parse(at));
        all.add(cursor);
      });
    };
    for (let i = 0; i < count; i++) connect(i);
    await new Promise((resolve) => setTimeout(resolve, 1000 + count * 2)); // subscriptions reach the center
    measuring = true;
    const cpuBefore = { ...cpuMs(), client: clientCpuMs() };
    const loadStarted = performance.now();
    const loadResult = await load();
    const loadMs = performance.now() - loadStarted;
    const cpuAfter: Record<string, number> = { ...cpuMs(), client: clientCpuMs() };
    const cpuPercent = Object.fromEntries(
      Object.entries(cpuBefore).map(([name, ms]) => [
        name,
        Math.round((100 * ((cpuAfter[name] ?? ms) - ms)) / loadMs),
      ]),
    );
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the last changes arrive
    measuring = false;
    stopping = true;
    // Changes some subscriber saw while measuring that another never got.
    const missing = seen.reduce(
      (sum, one) => sum + [...all].filter((cursor) => !one.has(cursor)).length,
      0,
    );
    const at = quantiles(latencies);
    results.push({
      subscribers: count,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      changes: all.size,
      missing,
      resumed,
      cpuPercent,
      load: loadResult,
    });
    for (const socket of sockets) socket.close();
  }
  return results;
}
