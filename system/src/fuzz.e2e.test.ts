import { randomUUID } from 'node:crypto';
import { GRAPHQL_ERROR_CODES, ticketStream, type GraphQLErrorCode } from '@sportskk/contracts';
import type { GlobalPosition } from '@sportskk/event-store';
import { signDevelopmentToken, type Role } from '@sportskk/identity';
import { serviceCallHeaders } from '@sportskk/testing';
import fc from 'fast-check';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from './audit/audit.ts';
import { systemAuditSources } from './audit/system-audit.ts';
import { freshDatabase } from './fresh-database.ts';
import { startSystem, type System } from './system.ts';
import { BUY, CANCEL, serviceKeysEnv, testConfig, testIdentityProvider } from './testing.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const TEAMS = ['KT', 'AA', 'LG', 'SS'];
const MAX_BET = 10_000_000;
/** A client may get any documented code but these two, which here would mean a bug (every service is up). */
const ALLOWED = new Set(
  Object.keys(GRAPHQL_ERROR_CODES).filter(
    (code) => code !== 'INTERNAL_SERVER_ERROR' && code !== 'SUBGRAPH_UNAVAILABLE',
  ),
);

interface Caller {
  readonly label: string;
  readonly headers: Record<string, string>;
  /** The verified identity, if the gateway should accept the token. */
  readonly subject?: string;
  readonly roles: readonly string[];
}

// In production mode, as deployed: introspection off, unexpected errors masked (and so refused here), real keys.
const identities = await testIdentityProvider();
// Production takes no embedded database: a fresh one on the test server (the e2e setup starts one if need be).
const database = await freshDatabase(process.env['DATABASE_URL']!);
const config = testConfig({
  NODE_ENV: 'production',
  DATABASE_URL: database.url,
  ...identities.env,
  ...(await serviceKeysEnv()),
  MUTATIONS_PER_MINUTE: '1000000',
  LOG_LEVEL: 'warn',
});
let system: System;
let callers: Caller[];

beforeAll(async () => {
  system = await startSystem(config);
  const now = Math.floor(Date.now() / 1000);
  const { privateKey: stranger } = await generateKeyPair('EdDSA');
  const claims = { iss: identities.env.AUTH_ISSUER, aud: identities.env.AUTH_AUDIENCE };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const as = (subject: string, ...roles: Role[]) => identities.signedIn(subject, ...roles);
  callers = [
    { label: 'anonymous', headers: {}, roles: [] },
    { label: 'alice', headers: await as('alice'), subject: 'alice', roles: ['buyer'] },
    { label: 'bob', headers: await as('bob'), subject: 'bob', roles: ['buyer'] },
    { label: 'root', headers: await as('root', 'admin'), subject: 'root', roles: ['admin'] },
    {
      label: 'expired',
      headers: bearer(
        await identities.token({
          subject: 'alice',
          roles: ['buyer', 'admin'],
          issuedAt: new Date((now - 3600) * 1000),
          ttlSeconds: 60,
        }),
      ),
      roles: [],
    },
    {
      label: 'development key',
      headers: bearer(await signDevelopmentToken({ subject: 'alice', roles: ['admin'] })),
      roles: [],
    },
    {
      label: 'forged',
      headers: bearer(
        await new SignJWT({ scope: 'buyer admin', ...claims })
          .setProtectedHeader({ alg: 'EdDSA' })
          .setSubject('alice')
          .setExpirationTime('10m')
          .sign(stranger),
      ),
      roles: [],
    },
    {
      label: 'alg none',
      headers: bearer(
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({ sub: 'alice', scope: 'admin', exp: now + 600, ...claims }),
        ).toString('base64url')}.`,
      ),
      roles: [],
    },
    {
      label: 'garbage',
      headers: { authorization: "Bearer é'; DROP TABLE events; --" },
      roles: [],
    },
    { label: 'basic', headers: { authorization: 'Basic YWxpY2U6c2VjcmV0' }, roles: [] },
    {
      label: 'a service token',
      headers: await serviceCallHeaders({
        keys: config.gateway.serviceKeys,
        caller: 'gateway',
        callee: 'ticketing',
        identity: { subject: 'alice', roles: ['admin'] },
      }),
      roles: [],
    },
  ];
}, 120_000);
afterAll(async () => {
  await system?.stop();
  await database.drop();
});

const HOSTILE_STRINGS = [
  "'; DROP TABLE events; --",
  '" OR 1=1 --',
  '{"$gt": ""}',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '\u0000',
  '\u202e\u0644\u{1F600}',
  '𝕂𝕋',
  'kt',
  ' KT',
  '${process.exit(1)}',
  '__proto__',
  'constructor',
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ minLength: 201, maxLength: 400 }),
);
const hostileNumber = fc.oneof(
  fc.constantFrom(
    0,
    -1,
    MAX_BET + 1,
    2 ** 31,
    -(2 ** 31) - 1,
    2 ** 53,
    Number.MAX_VALUE,
    1.5,
    -0.5,
  ),
  fc.integer({ min: -(2 ** 31), max: 0 }),
  fc.integer({ min: MAX_BET + 1, max: 2 ** 31 - 1 }),
  fc.double({ noNaN: true }),
);
const wrongType = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** Mostly the signed-in buyers and the admin (so commands get through), often a stranger or a bad token. */
const callerIndex = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(1, 2) },
  { weight: 1, arbitrary: fc.constant(3) },
  { weight: 3, arbitrary: fc.nat(10) },
);

/** One request, and whether the model says it must write: a purchase or a cancellation, or nothing. */
interface Operation {
  readonly kind: string;
  readonly body: unknown;
  readonly caller: number;
  /** Decided against the store right before sending. */
  readonly expect?: (caller: Caller) => Promise<Expected>;
}
type Expected =
  | { readonly writes: 'nothing'; readonly code?: string }
  | { readonly writes: 'purchase' }
  | { readonly writes: 'same ticket'; readonly ticketId: string }
  | { readonly writes: 'cancellation'; readonly ticketId: string };
const NOTHING: Expected = { writes: 'nothing' };

/** What was bought with which idempotency key, per buyer: a retry returns that ticket. */
const keys = new Map<string, { teamCode: unknown; betCredit: unknown; ticketId: string }>();
const bought: Array<{ ticketId: string; buyer: string }> = [];

const validBet = fc.record({
  teamCode: fc.constantFrom(...TEAMS),
  betCredit: fc.integer({ min: 1, max: MAX_BET }),
});
const buyInput = fc.oneof(
  { weight: 5, arbitrary: validBet },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        teamCode: fc.oneof(fc.constantFrom(...TEAMS), hostileString, wrongType, fc.integer()),
        betCredit: fc.oneof(
          fc.integer({ min: 1, max: MAX_BET }),
          hostileNumber,
          wrongType,
          hostileString,
        ),
      },
      { requiredKeys: [] },
    ),
  },
);
const idempotencyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constant(undefined) },
  fc.constantFrom('k-1', 'k-2', 'k-3'),
  fc.string({ minLength: 1, maxLength: 200 }),
  fc.constant(''),
  fc.string({ minLength: 201, maxLength: 300 }),
  wrongType,
);
const isValidBet = (input: Record<string, unknown>) =>
  TEAMS.includes(input.teamCode as string) &&
  Number.isInteger(input.betCredit) &&
  (input.betCredit as number) >= 1 &&
  (input.betCredit as number) <= MAX_BET;

const buy = fc
  .record({ input: buyInput, key: idempotencyKey, caller: callerIndex })
  .map(({ input, key, caller }): Operation => {
    const full = key === undefined ? input : { ...input, idempotencyKey: key };
    return {
      kind: 'buy',
      caller,
      body: { query: BUY, variables: { input: full } },
      async expect({ roles, subject }) {
        if (!subject || !roles.includes('buyer') || !isValidBet(full)) return NOTHING;
        if (key === undefined || key === null) return { writes: 'purchase' }; // null: no key
        if (typeof key !== 'string' || key.length === 0 || key.length > 200) return NOTHING;
        const earlier = keys.get(`${subject}/${key}`);
        if (!earlier) return { writes: 'purchase' };
        const same = earlier.teamCode === full.teamCode && earlier.betCredit === full.betCredit;
        return same ? { writes: 'same ticket', ticketId: earlier.ticketId } : NOTHING;
      },
    };
  });

const cancel = fc
  .record({
    target: fc.oneof(
      { weight: 4, arbitrary: fc.nat().map((n) => ({ pick: n })) },
      { weight: 1, arbitrary: fc.uuid().map((id) => ({ id })) },
      { weight: 1, arbitrary: fc.oneof(hostileString, wrongType).map((id) => ({ id })) },
    ),
    expectedVersion: fc.oneof(
      fc.constant(undefined),
      fc.integer({ min: 0, max: 3 }),
      hostileNumber,
      wrongType,
    ),
    caller: callerIndex,
  })
  .map(({ target, expectedVersion, caller }): Operation => {
    const ticketId = () =>
      'pick' in target
        ? (bought[target.pick % Math.max(bought.length, 1)]?.ticketId ?? randomUUID())
        : target.id;
    const id = ticketId();
    const input = {
      ticketId: id,
      ...(expectedVersion === undefined ? {} : { expectedVersion }),
    };
    return {
      kind: 'cancel',
      caller,
      body: { query: CANCEL, variables: { input } },
      async expect({ roles, subject }) {
        const owner = bought.find((ticket) => ticket.ticketId === id)?.buyer;
        if (!subject || !owner || typeof id !== 'string') return NOTHING;
        // What the server gets: JSON sends Infinity and NaN as null (no expectation).
        const sent: unknown =
          expectedVersion === undefined ? undefined : JSON.parse(JSON.stringify(expectedVersion));
        // Another buyer's ticket is as if it did not exist, whatever expectedVersion says.
        const wellTyped =
          sent == null || (Number.isInteger(sent) && Math.abs(sent as number) < 2 ** 31);
        if (roles.includes('buyer') && !roles.includes('admin') && owner !== subject)
          return wellTyped ? { writes: 'nothing', code: 'TICKET_NOT_FOUND' } : NOTHING;
        if (!(roles.includes('admin') || owner === subject)) return NOTHING;
        const stream = await system.stores.events.readStream(ticketStream(id));
        if (stream.some((event) => event.type === 'TicketCancelled')) return NOTHING;
        const version = Number(stream.at(-1)!.revision);
        const expecting = sent ?? undefined; // null: no expectation
        if (expecting !== undefined && expecting !== version) return NOTHING;
        return { writes: 'cancellation', ticketId: id };
      },
    };
  });

const literal = (value: unknown) => JSON.stringify(value) ?? 'null';
const query = fc
  .record({
    pick: fc.nat(6),
    text: fc.oneof(hostileString, fc.uuid()),
    number: fc.oneof(fc.integer({ min: -5, max: 200 }), hostileNumber),
    caller: callerIndex,
  })
  .map(({ pick, text, number, caller }): Operation => {
    const documents = [
      `{ ticket(id: ${literal(text)}) { id status history { type } } }`,
      `{ myTickets(first: ${Number.isInteger(number) ? number : 5}, after: ${literal(text)}) { totalCount edges { node { id } } } }`,
      `query ($first: Int, $after: String) { tickets(first: $first, after: $after) { totalCount } }`,
      `{ teamTotal(teamCode: ${literal(text)}) { totalCredit } }`,
      `query ($filter: TicketFilter) { myTickets(filter: $filter) { totalCount } }`,
      `{ teamTotals { teamCode totalCredit ticketCount } }`,
      `{ myTickets(first: 100) { totalCount edges { node { id status } } } }`,
    ];
    return {
      kind: 'query',
      caller,
      body: {
        query: documents[pick],
        variables: { first: number, after: text, filter: { status: text, teamCode: text } },
      },
    };
  });

const nested = (depth: number) => `${'{ a '.repeat(depth)}${'}'.repeat(depth)}`;
const hostileDocument = fc
  .oneof(
    hostileString.map((text) => ({ query: text })),
    fc.integer({ min: 1, max: 3000 }).map((depth) => ({ query: nested(depth) })),
    fc.integer({ min: 5, max: 60 }).map((depth) => ({
      query: `{ myTickets ${'{ edges { node { totalling '.repeat(depth)}{ counted }${' } } }'.repeat(depth)} }`,
    })),
    fc.integer({ min: 11, max: 2000 }).map((count) => ({
      query: `{ ${Array.from({ length: count }, (_, i) => `a${i}: teamTotals { teamCode }`).join(' ')} }`,
    })),
    fc.constant({
      query: '{ __schema { types { name fields { name type { name ofType { name } } } } } }',
    }),
    wrongType.map((value) => ({ query: value })),
    fc.constant({ query: BUY, variables: 'not an object' }),
    fc.constant([{ query: BUY }, { query: BUY }]),
    fc.record({ query: fc.constant('{ teamTotals { teamCode } }'), operationName: hostileString }),
    fc.string({ maxLength: 100 }).map((text) => text),
  )
  .chain((body) => callerIndex.map((caller): Operation => ({ kind: 'hostile', body, caller })));

const operation = fc.oneof(
  { weight: 4, arbitrary: buy },
  { weight: 3, arbitrary: cancel },
  { weight: 2, arbitrary: query },
  { weight: 2, arbitrary: hostileDocument },
);

/** Where the log ended before the operation, to read only what it added. */
let lastPosition: GlobalPosition | undefined;
const newTicketEvents = async () => {
  const added = await system.stores.events.readAll({
    ...(lastPosition ? { after: lastPosition } : {}),
    filter: { eventTypes: ['TicketPurchased', 'TicketCancelled'] },
  });
  return added;
};
const advance = async () => {
  const all = await system.stores.events.readAll(lastPosition ? { after: lastPosition } : {});
  lastPosition = all.at(-1)?.position ?? lastPosition;
};

interface Answer {
  readonly status: number;
  readonly body: {
    data?: Record<string, { ticket?: { id: string } } | null> | null;
    errors?: Array<{ message: string; extensions?: { code?: string; stacktrace?: unknown } }>;
  };
}
const send = async (op: Operation, caller: Caller): Promise<Answer> => {
  const response = await fetch(system.urls.gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...caller.headers },
    body: typeof op.body === 'string' ? op.body : JSON.stringify(op.body),
  });
  const text = await response.text();
  let body: Answer['body'];
  try {
    body = JSON.parse(text) as Answer['body'];
  } catch {
    throw new Error(
      `${response.status} answered with something that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  return { status: response.status, body };
};

describe('fuzzing the gateway with random and hostile operations', () => {
  it(`answers ${RUNS} of them with documented codes only, and writes only valid, authorised commands`, async () => {
    await advance();
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(operation, async (op) => {
        const caller = callers[op.caller]!;
        const expected = op.expect ? await op.expect(caller) : NOTHING;
        const { status, body } = await send(op, caller);
        expect([200, 400, 401, 403, 413, 429], `status for ${op.kind}`).toContain(status);
        for (const error of body.errors ?? []) {
          const code = error.extensions?.code ?? 'no code';
          seen.set(code, (seen.get(code) ?? 0) + 1);
          expect(ALLOWED, `${error.message} (${op.kind} as ${caller.label})`).toContain(code);
          expect(error.extensions).not.toHaveProperty('stacktrace');
        }
        const added = await newTicketEvents();
        await advance();
        const payload = Object.values(body.data ?? {})[0];
        const listed = (body.data as { myTickets?: { edges?: Array<{ node: { id: string } }> } })
          ?.myTickets?.edges;
        for (const edge of listed ?? [])
          expect(
            bought.find((ticket) => ticket.ticketId === edge.node.id)?.buyer,
            `myTickets of ${caller.label}`,
          ).toBe(caller.subject);
        switch (expected.writes) {
          case 'nothing':
            if (expected.code) expect(body.errors?.[0]?.extensions?.code).toBe(expected.code);
            expect(
              added,
              `${op.kind} as ${caller.label}: ${JSON.stringify(op.body).slice(0, 300)}`,
            ).toEqual([]);
            break;
          case 'same ticket':
            expect(added).toEqual([]);
            expect(payload?.ticket?.id).toBe(expected.ticketId);
            break;
          case 'purchase': {
            expect(body.errors, JSON.stringify(op.body).slice(0, 300)).toBeUndefined();
            expect(added.map((event) => event.type)).toEqual(['TicketPurchased']);
            const ticketId = payload!.ticket!.id;
            expect(added[0]!.data).toMatchObject({ ticketId, buyerId: caller.subject });
            bought.push({ ticketId, buyer: caller.subject! });
            const input = (op.body as { variables: { input: Record<string, unknown> } }).variables
              .input;
            if (typeof input.idempotencyKey === 'string')
              keys.set(`${caller.subject}/${input.idempotencyKey}`, {
                teamCode: input.teamCode,
                betCredit: input.betCredit,
                ticketId,
              });
            break;
          }
          case 'cancellation':
            expect(body.errors, JSON.stringify(op.body)).toBeUndefined();
            expect(added.map((event) => [event.type, event.data.ticketId])).toEqual([
              ['TicketCancelled', expected.ticketId],
            ]);
            break;
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // The run reached what it is for: purchases, cancellations and refusals of every kind.
    expect(bought.length).toBeGreaterThan(RUNS / 20);
    for (const code of [
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'BAD_USER_INPUT',
      'TICKET_NOT_FOUND',
    ] as GraphQLErrorCode[])
      expect(seen.get(code) ?? 0, code).toBeGreaterThan(0);
    console.warn(
      `[fuzz] ${RUNS} operations, ${bought.length} purchases; codes: ${JSON.stringify(Object.fromEntries(seen))}`,
    );
    // Nothing the fuzzer did left the totals or the view apart from the log.
    const sources = await systemAuditSources(system.stores, config);
    await expect
      .poll(async () => (await audit(sources)).differences, { timeout: 30_000 })
      .toEqual([]);
  }, 600_000);
});
