import { signDevelopmentToken } from '@sportskk/identity';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface SubscriptionLatency {
  readonly subscribers: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Changes every subscriber should have had, and how many deliveries were missing at the end. */
  readonly changes: number;
  readonly missing: number;
}

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
    const clients: Client[] = [];
    const seen = Array.from({ length: count }, () => new Set<string>());
    const latencies: number[] = [];
    let measuring = false;
    const all = new Set<string>();
    for (let i = 0; i < count; i++) {
      const client = createClient({
        url: `ws://127.0.0.1:${gatewayPort}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization },
        retryAttempts: 0,
      });
      clients.push(client);
      client.subscribe<{ ticketStatusChanged: { at: string; cursor: string } }>(
        { query: FEED },
        {
          next: ({ data }) => {
            const change = data?.ticketStatusChanged;
            if (!change || !measuring) return;
            latencies.push(Date.now() - Date.parse(change.at));
            seen[i]!.add(change.cursor);
            all.add(change.cursor);
          },
          error: () => undefined,
          complete: () => undefined,
        },
      );
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
    await Promise.all(clients.map((client) => client.dispose()));
  }
  return results;
}
