import { signDevelopmentToken } from '@sportskk/identity';
import WebSocket from 'ws';

export interface SubscriptionLatency {
  readonly subscribers: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Changes every subscriber should have had, and how many deliveries were missing at the end. */
  readonly changes: number;
  readonly missing: number;
}

const AT = /"at":"([^"]+)"/;
const CURSOR = /"cursor":"([^"]+)"/;
const FEED = `subscription Feed { ticketStatusChanged { status at cursor ticket { id betCredit } } }`;

/**
 * (s) For each count: that many admins, each on its own graphql-ws connection to the gateway, subscribe to every
 * status change (with a ticketing field, so each event crosses subgraphs) while `load` runs; latency is receipt
 * time minus the change's `at` (same machine clock). Every subscriber must get every change.
 */
export async function subscriptionLatency(
  gatewayPort: number,
  counts: readonly number[],
  load: () => Promise<unknown>,
): Promise<SubscriptionLatency[]> {
  const authorization = `Bearer ${await signDevelopmentToken({ subject: 'bench-watcher', roles: ['admin'], ttlSeconds: 7200 })}`;
  const results: SubscriptionLatency[] = [];
  for (const count of counts) {
    const sockets: WebSocket[] = [];
    const seen = Array.from({ length: count }, () => new Set<string>());
    const latencies: number[] = [];
    let measuring = false;
    const all = new Set<string>();
    for (let i = 0; i < count; i++) {
      // The graphql-ws protocol by hand, reading only `at` and `cursor`: the measuring client must stay cheap.
      const socket = new WebSocket(`ws://127.0.0.1:${gatewayPort}/graphql`, 'graphql-transport-ws');
      sockets.push(socket);
      socket.on('open', () =>
        socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })),
      );
      socket.on('error', () => undefined);
      socket.on('message', (data) => {
        const text = data.toString();
        if (text.includes('"connection_ack"'))
          return socket.send(
            JSON.stringify({ id: '1', type: 'subscribe', payload: { query: FEED } }),
          );
        if (!measuring || !text.includes('"type":"next"')) return;
        const at = AT.exec(text)?.[1];
        const cursor = CURSOR.exec(text)?.[1];
        if (!at || !cursor) return;
        latencies.push(Date.now() - Date.parse(at));
        seen[i]!.add(cursor);
        all.add(cursor);
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 + count * 2)); // subscriptions reach the center
    measuring = true;
    await load();
    await new Promise((resolve) => setTimeout(resolve, 2000)); // the last changes arrive
    measuring = false;
    // Changes seen by any subscriber that another missed (those a subscriber saw before measuring began aside).
    const missing = seen.reduce((sum, one) => sum + (all.size - one.size), 0);
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    results.push({
      subscribers: count,
      p50Ms: at(0.5),
      p99Ms: at(0.99),
      changes: all.size,
      missing,
    });
    for (const socket of sockets) socket.close();
  }
  return results;
}
