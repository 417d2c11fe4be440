import {
  createServiceTokens,
  operationDigest,
  readServiceKeys,
  signDevelopmentToken,
  type Identity,
} from '@sportskk/identity';
import { envReader } from '@sportskk/platform';
import type { Request } from './load.ts';
import type { SystemUnderTest } from './system-under-test.ts';

const BUY = `mutation Buy($input: BuyTicketInput!) { buyTicket(input: $input) { ticket { id status version } } }`;
const CANCEL = `mutation Cancel($input: CancelTicketInput!) { cancelTicket(input: $input) { ticket { id status version } } }`;
const CROSS = `query Ticket($id: ID!) { ticket(id: $id) { status betCredit totalling { counted } history { type } } }`;
const SINGLE = `query Ticket($id: ID!) { ticket(id: $id) { status betCredit version } }`;
const TEAMS = ['KT', 'AA', 'LG', 'SS'];

export const SCENARIO_NAMES = [
  'a',
  'a_hive',
  'b',
  'c',
  'c_hive',
  'c2',
  'c2_hive',
  'm',
  'm_hive',
  'q',
  'q_direct',
] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface Scenario {
  /** Fresh for each run: direct calls carry service tokens that live 30 s. */
  prepare(): Promise<{ origin: string; next: () => Request }>;
}

const BUYERS = 1000;
const READ_TICKETS = 1000;

/**
 * (a) buyTicket through our gateway, (b) the same straight to ticketing, (c) the cross-subgraph query with one id,
 * (c2) a different id per request, (m) 90% of (c2) over 1,000 tickets and 10% buys and cancels, (q) a
 * single-subgraph query and (q_direct) the same straight to ticketing; `_hive`: the same through Hive Gateway.
 */
export async function prepareScenarios(
  system: SystemUnderTest,
  run: { readonly reps: number; readonly seconds: number; readonly mixed: boolean },
): Promise<Record<ScenarioName, Scenario>> {
  const origin = (port: number) => `http://127.0.0.1:${port}`;
  const ours = origin(system.ports.gateway);
  const hive = origin(system.ports.hive);
  const ticketing = origin(system.ports.ticketing);
  const buyers = await Promise.all(
    Array.from({ length: BUYERS }, async (_, i) => {
      const subject = `bench-buyer-${i}`;
      const token = await signDevelopmentToken({ subject, roles: ['buyer'], ttlSeconds: 7200 });
      return {
        identity: { subject, roles: ['buyer'] } as Identity,
        authorization: `Bearer ${token}`,
      };
    }),
  );
  const admin = {
    identity: { subject: 'bench-admin', roles: ['admin'] } as Identity,
    authorization: `Bearer ${await signDevelopmentToken({ subject: 'bench-admin', roles: ['admin'], ttlSeconds: 7200 })}`,
  };
  const purchase = (i: number) => ({
    input: { teamCode: TEAMS[i % TEAMS.length], betCredit: 100 + (i % 900) },
  });
  const body = (query: string, variables: unknown) => JSON.stringify({ query, variables });

  // Tickets to read, and tickets to cancel in the mixed runs (each once), bought through our gateway.
  const bought = await buyMany(
    ours,
    buyers,
    READ_TICKETS + run.reps * run.seconds * 200,
    body,
    purchase,
  );
  const readIds = bought.slice(0, READ_TICKETS).map((ticket) => ticket.id);
  const toCancel = bought.slice(READ_TICKETS);
  const cancelPools = {
    ours: toCancel.filter((_, i) => i % 2 === 0),
    hive: toCancel.filter((_, i) => i % 2 === 1),
  };

  let counter = 0;
  const buyVia = (): Request => {
    counter += 1;
    const buyer = buyers[counter % BUYERS]!;
    return {
      path: '/graphql',
      body: body(BUY, purchase(counter)),
      headers: { authorization: buyer.authorization },
    };
  };
  const read = (query: string, id: string): Request => ({
    path: '/graphql',
    body: body(query, { id }),
    headers: { authorization: admin.authorization },
  });
  const mixed = (pool: typeof toCancel) => (): Request => {
    counter += 1;
    if (counter % 10 !== 0) return read(CROSS, readIds[counter % READ_TICKETS]!);
    const cancel = counter % 20 === 0 ? pool.pop() : undefined;
    if (!cancel) return buyVia();
    return {
      path: '/graphql',
      body: body(CANCEL, { input: { ticketId: cancel.id } }),
      headers: { authorization: cancel.authorization },
    };
  };
  // Straight to ticketing: what our gateway would send, signed as our gateway signs it, for one request each.
  const tokens = createServiceTokens({
    keys: readServiceKeys(envReader({}), false, 'gateway'),
    self: 'gateway',
  });
  const signedDirect = async (
    items: Array<{ query: string; variables: unknown; identity: Identity }>,
  ) =>
    Promise.all(
      items.map(async ({ query, variables, identity }) => {
        const digest = operationDigest(query, variables);
        const token = await tokens.sign('ticketing', {
          binding: { method: 'POST', path: '/graphql', digest },
          identity,
        });
        return {
          path: '/graphql',
          body: body(query, variables),
          headers: { authorization: `Bearer ${token}` },
        };
      }),
    );
  const cycle = (requests: Request[]) => () => requests[(counter += 1) % requests.length]!;
  const fixed = (at: string, next: () => Request): Scenario => ({
    prepare: async () => ({ origin: at, next }),
  });

  return {
    a: fixed(ours, buyVia),
    a_hive: fixed(hive, buyVia),
    b: {
      prepare: async () => ({
        origin: ticketing,
        next: cycle(
          await signedDirect(
            buyers.map((buyer, i) => ({
              query: BUY,
              variables: purchase(i),
              identity: buyer.identity,
            })),
          ),
        ),
      }),
    },
    c: fixed(ours, () => read(CROSS, readIds[0]!)),
    c_hive: fixed(hive, () => read(CROSS, readIds[0]!)),
    c2: fixed(ours, () => read(CROSS, readIds[(counter += 1) % READ_TICKETS]!)),
    c2_hive: fixed(hive, () => read(CROSS, readIds[(counter += 1) % READ_TICKETS]!)),
    m: fixed(ours, mixed(cancelPools.ours)),
    m_hive: fixed(hive, mixed(cancelPools.hive)),
    q: fixed(ours, () => read(SINGLE, readIds[(counter += 1) % READ_TICKETS]!)),
    q_direct: {
      prepare: async () => ({
        origin: ticketing,
        next: cycle(
          await signedDirect(
            readIds.map((id) => ({ query: SINGLE, variables: { id }, identity: admin.identity })),
          ),
        ),
      }),
    },
  };
}

/** Buys `count` tickets, 50 at a time, each by the next buyer; their ids and their buyers' tokens. */
async function buyMany(
  gateway: string,
  buyers: ReadonlyArray<{ authorization: string }>,
  count: number,
  body: (query: string, variables: unknown) => string,
  purchase: (i: number) => unknown,
): Promise<Array<{ id: string; authorization: string }>> {
  const tickets: Array<{ id: string; authorization: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = (next += 1);
      const { authorization } = buyers[i % buyers.length]!;
      const response = await fetch(`${gateway}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: body(BUY, purchase(i)),
      });
      const result = (await response.json()) as {
        data?: { buyTicket: { ticket: { id: string } } };
      };
      if (!result.data) throw new Error(`seeding failed: ${JSON.stringify(result)}`);
      tickets.push({ id: result.data.buyTicket.ticket.id, authorization });
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  return tickets;
}
