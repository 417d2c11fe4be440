import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceAdapter, eventually, type GraphQLResponse } from '@sportskk/testing';
import { SERVICES, startDeployment, type Deployment } from './deployment-harness.ts';
import { resumingSubscriber } from './subscriptions/live-client.ts';
import { BUY, CANCEL, graphql, signedIn, TOTALS, type TicketData } from './testing.ts';

const url = announceAdapter(
  'Deployment mode: five processes on a PostgreSQL server',
  'DATABASE_URL',
);

describe.skipIf(!url)('each service as its own process, as deployed', () => {
  let deployment: Deployment;
  beforeAll(async () => {
    deployment = await startDeployment(url!);
    await deployment.ready();
  }, 120_000);
  afterAll(async () => deployment?.dispose());

  it('buys through the gateway, totals and view follow, introspection is off', async () => {
    const { gateway, identities } = deployment;
    const buyer = await identities.signedIn('alice');
    const operator = await identities.signedIn('root', 'admin');
    const bought = await graphql<{ buyTicket: { ticket: TicketData } }>(
      gateway,
      BUY,
      { input: { teamCode: 'SS', betCredit: 4321 } },
      { 'x-correlation-id': 'deployed-1', ...buyer },
    );
    expect(bought.data!.buyTicket.ticket.status).toBe('APPROVED');
    await eventually(async () => {
      const { data } = await graphql<{
        teamTotals: Array<{ teamCode: string; totalCredit: number }>;
        tickets: {
          totalCount: number;
          edges: Array<{ node: { history: Array<{ correlationId: string }> } }>;
        };
      }>(
        gateway,
        `
          {
            teamTotals {
              teamCode
              totalCredit
            }
            tickets {
              totalCount
              edges {
                node {
                  history {
                    correlationId
                  }
                }
              }
            }
          }
        `,
        {},
        operator,
      );
      expect(data!.teamTotals.find((team) => team.teamCode === 'SS')!.totalCredit).toBe(4321);
      expect(data!.tickets.totalCount).toBe(1);
      expect(data!.tickets.edges[0]!.node.history.map((entry) => entry.correlationId)).toEqual([
        'deployed-1',
        'deployed-1',
      ]);
    });
    const introspection = await graphql(gateway, '{ __schema { types { name } } }', {}, operator);
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    expect((await graphql(gateway, TOTALS, {}, buyer)).errors).toBeUndefined();
    const anonymous = await graphql(gateway, TOTALS);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const developmentKey = await graphql(gateway, TOTALS, {}, await signedIn('alice'));
    expect(developmentKey.status).toBe(401);
    expect(developmentKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps a subscriber that resumes with its cursor whole while the center, then the gateway, are killed', async () => {
    const { gateway, identities } = deployment;
    const buyer = await identities.signedIn('alice');
    const operator = await identities.signedIn('root', 'admin');
    type Change = {
      ticketStatusChanged: { status: string; cursor: string; ticket: { id: string } };
    };
    const subscriber = resumingSubscriber<Change>(
      gateway,
      operator.authorization,
      `subscription Live($after: String) { ticketStatusChanged(filter: { teamCode: "AA" }, after: $after) { status cursor ticket { id } } }`,
      (data) => data.ticketStatusChanged.cursor,
    );
    const bought: string[] = [];
    const purchase = async () => {
      const { data } = await graphql<{ buyTicket: { ticket: TicketData } }>(
        gateway,
        BUY,
        { input: { teamCode: 'AA', betCredit: 7 } },
        buyer,
      );
      return data!.buyTicket.ticket.id;
    };
    const buy = async () => void bought.push(await purchase());
    const changesOf = (id: string) =>
      subscriber.seen.filter((change) => change.ticketStatusChanged.ticket.id === id);
    // Live once a purchase shows (the subscription may start between a marker's two changes: not counted).
    await eventually(
      async () => {
        const marker = await purchase();
        await eventually(() => expect(changesOf(marker)).not.toEqual([]), 1000);
      },
      30_000,
      0,
    );
    await buy();
    await deployment.kill('center');
    await buy();
    deployment.start('center');
    await deployment.ready(['center']);
    await buy();
    await buy();
    await deployment.kill('gateway');
    deployment.start('gateway');
    await deployment.ready(['gateway']);
    await buy();
    await eventually(
      () => expect(bought.map((id) => changesOf(id).length)).toEqual(bought.map(() => 2)),
      30_000,
      100,
    );
    const cursors = subscriber.seen.map((change) => change.ticketStatusChanged.cursor);
    expect(new Set(cursors).size).toBe(cursors.length);
    expect(
      subscriber.seen
        .filter((change) => bought.includes(change.ticketStatusChanged.ticket.id))
        .map((change) => [
          bought.indexOf(change.ticketStatusChanged.ticket.id),
          change.ticketStatusChanged.status,
        ]),
    ).toEqual(
      bought.flatMap((_, i) => [
        [i, 'PENDING'],
        [i, 'APPROVED'],
      ]),
    );
    expect(subscriber.resumes()).toBeGreaterThanOrEqual(1); // the gateway's restart
    await subscriber.stop();
  }, 180_000);

  it('passes every refusal through with its documented code in production, with no stack or internals', async () => {
    const { gateway, identities } = deployment;
    const buyer = await identities.signedIn('alice');
    const bought = await graphql<{ buyTicket: { ticket: TicketData } }>(
      gateway,
      BUY,
      { input: { teamCode: 'KT', betCredit: 5 } },
      buyer,
    );
    const ticketId = bought.data!.buyTicket.ticket.id;
    const cancel = (id: string) => graphql(gateway, CANCEL, { input: { ticketId: id } }, buyer);
    expect((await cancel(ticketId)).errors).toBeUndefined();
    const refusals: Array<[Promise<GraphQLResponse>, string]> = [
      [cancel(ticketId), 'TICKET_ALREADY_CANCELLED'],
      [cancel(randomUUID()), 'TICKET_NOT_FOUND'],
      [graphql(gateway, BUY, { input: { teamCode: 'ZZ', betCredit: 5 } }, buyer), 'UNKNOWN_TEAM'],
      [graphql(gateway, '{ myTickets(first: 0) { totalCount } }', {}, buyer), 'BAD_USER_INPUT'],
      [
        graphql(gateway, '{ teamTotal(teamCode: "ZZ") { totalCredit } }', {}, buyer),
        'UNKNOWN_TEAM',
      ],
      [graphql(gateway, '{ tickets { totalCount } }', {}, buyer), 'FORBIDDEN'],
    ];
    for (const [answer, code] of refusals) {
      const { errors } = await answer;
      expect(errors?.[0]?.extensions?.code).toBe(code);
      expect(errors?.[0]?.message).not.toBe('Internal server error');
      expect(JSON.stringify(errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
    }
  });

  it('drains on SIGTERM: readiness 503 at once while the API still answers, then exits 0', async () => {
    const buyer = await deployment.identities.signedIn('alice');
    const readiness = () =>
      Promise.all(
        SERVICES.map((service) =>
          fetch(`http://127.0.0.1:${deployment.ports[service]}/health/ready`).then(
            (response) => [service, response.status] as const,
            () => [service, 'no answer'] as const,
          ),
        ),
      );
    expect(Object.fromEntries(await readiness())).toEqual(
      Object.fromEntries(SERVICES.map((service) => [service, 200])),
    );
    const codes = Promise.all(SERVICES.map((service) => deployment.terminate(service)));
    // Well inside the harness's SHUTDOWN_DELAY_MS: every service says it is not ready, and still serves.
    await eventually(
      async () =>
        expect(Object.fromEntries(await readiness())).toEqual(
          Object.fromEntries(SERVICES.map((service) => [service, 503])),
        ),
      1500,
      20,
    );
    const served = await graphql(deployment.gateway, TOTALS, {}, buyer);
    expect(served.errors).toBeUndefined();
    expect(Object.fromEntries((await codes).map((code, i) => [SERVICES[i], code]))).toEqual(
      Object.fromEntries(SERVICES.map((service) => [service, 0])),
    );
  });
});
