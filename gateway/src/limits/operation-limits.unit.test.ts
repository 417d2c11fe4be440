import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../config.ts';
import { servedSupergraph } from '../testing/supergraph.ts';
import { mutationRateLimit } from './mutation-rate.ts';
import { operationLimits, rootFieldCount, withTokenLimitCode } from './operation-limits.ts';

const { schema } = servedSupergraph();
const { limits } = loadGatewayConfig({ NODE_ENV: 'test' });
const exceeds = operationLimits(limits);
const codeOf = (source: string) => exceeds(schema, parse(source))?.code;

const aliases = (count: number) =>
  `{ teamTotals { ${Array.from({ length: count }, (_, i) => `a${i}: teamCode`).join(' ')} } }`;
const FULL_NODE =
  'id status teamCode betCredit version purchasedAt approvedAt cancelledAt history { type version at correlationId } totalling { counted countedAt reversedAt }';
/** `pages` aliased pages of 100 tickets with every field: what an admin screen asks at most is one. */
const fullPages = (pages: number) =>
  `{ ${Array.from({ length: pages }, (_, i) => `p${i}: tickets(first: 100) { edges { cursor node { ${FULL_NODE} } } pageInfo { hasNextPage endCursor } totalCount }`).join(' ')} }`;

describe('the limits on one operation (defaults)', () => {
  it('lets an ordinary operation through', () => {
    expect(
      codeOf('{ myTickets(first: 20) { edges { node { id status teamCode betCredit } } } }'),
    ).toBeUndefined();
    expect(codeOf(aliases(limits.maxAliases))).toBeUndefined();
    expect(codeOf(fullPages(1))).toBeUndefined();
  });

  it.each([
    ['too many aliases', aliases(limits.maxAliases + 1), 'TOO_MANY_ALIASES'],
    [
      'too many root fields',
      `{ ${Array.from({ length: limits.maxRootFields + 1 }, () => 'teamTotals { teamCode }').join(' ')} }`,
      'TOO_MANY_ROOT_FIELDS',
    ],
    [
      'too many root fields through fragments',
      `{ ...F ...G } fragment F on Query { ${'teamTotals { teamCode } '.repeat(6)} } fragment G on Query { ${'teamTotal(teamCode: "KT") { teamCode } '.repeat(5)} }`,
      'TOO_MANY_ROOT_FIELDS',
    ],
    ['too costly (three full pages of 100)', fullPages(3), 'QUERY_TOO_COSTLY'],
    [
      'too many directives',
      `{ teamTotals { ${'teamCode @include(if: true) '.repeat(limits.maxDirectives + 1)} } }`,
      'TOO_MANY_DIRECTIVES',
    ],
  ])('refuses an operation with %s', (_label, source, code) => {
    expect(codeOf(source)).toBe(code);
  });

  it('has the parser stop past the token limit, and calls that TOO_MANY_TOKENS; other parse errors stay', () => {
    const huge = `{ ${Array.from({ length: 3000 }, (_, i) => `t${i}: teamTotals { teamCode }`).join(' ')} }`;
    const parseError = (source: string) => {
      try {
        parse(source, { maxTokens: limits.maxTokens });
      } catch (error) {
        return { message: (error as Error).message, extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
      }
      throw new Error('parsed');
    };
    expect(withTokenLimitCode(parseError(huge))).toEqual({
      message: `Document contains more than ${limits.maxTokens} tokens. Parsing aborted.`,
      extensions: { code: 'TOO_MANY_TOKENS' },
    });
    const broken = parseError('{ teamTotals ');
    expect(withTokenLimitCode(broken)).toEqual(broken);
    const validation = { message: huge, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
    expect(withTokenLimitCode(validation)).toBe(validation);
  });

  it('refuses an operation deeper than the limit, following fragments, and survives a fragment cycle', () => {
    const tight = operationLimits({ ...limits, maxDepth: 3 });
    const at = (source: string) => tight(schema, parse(source))?.code;
    expect(at('{ myTickets { edges { cursor } } }')).toBeUndefined();
    expect(at('{ myTickets { edges { node { id } } } }')).toBe('QUERY_TOO_DEEP');
    expect(
      at('{ myTickets { ...E } } fragment E on TicketConnection { edges { node { id } } }'),
    ).toBe('QUERY_TOO_DEEP');
    const cycle = `{ ...Q } fragment Q on Query { ...R } fragment R on Query { ...Q teamTotals { teamCode } }`;
    expect(() => codeOf(cycle)).not.toThrow();
  });

  it('reads its limits from the environment', () => {
    const { limits: tight } = loadGatewayConfig({
      GRAPHQL_MAX_DEPTH: '2',
      GRAPHQL_MAX_ALIASES: '0',
      GRAPHQL_MAX_COST: '10',
    });
    expect(tight).toMatchObject({ maxDepth: 2, maxAliases: 0, maxCost: 10 });
    const source = '{ a: teamTotals { teamCode } }';
    expect(operationLimits(tight)(schema, parse(source))?.code).toBe('TOO_MANY_ALIASES');
  });
});

describe('the mutation rate per caller', () => {
  it('allows the configured number per minute, then says how long to wait; callers are counted apart', async () => {
    const allow = mutationRateLimit(3);
    for (let i = 0; i < 3; i++) expect(await allow('alice', 1)).toBeUndefined();
    const refused = await allow('alice', 1);
    expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(await allow('bob', 1)).toBeUndefined();
  });

  it('counts each mutation of an operation, so aliases do not multiply the limit', async () => {
    const allow = mutationRateLimit(5);
    expect(await allow('carol', 4)).toBeUndefined();
    expect(await allow('carol', 2)).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(await allow('dave', 6)).toMatchObject({ retryAfterSeconds: expect.any(Number) });
  });

  it('counts root fields through fragments', () => {
    const source = `mutation { a: buyTicket(input: { teamCode: "KT", betCredit: 1 }) { ticket { id } } ...M ... on Mutation { c: cancelTicket(input: { ticketId: "x" }) { ticket { id } } } }
      fragment M on Mutation { b: buyTicket(input: { teamCode: "KT", betCredit: 2 }) { ticket { id } } }`;
    const document = parse(source);
    const operation = document.definitions[0];
    if (operation?.kind !== 'OperationDefinition') throw new Error('no operation');
    expect(rootFieldCount(document, operation)).toBe(3);
  });
});
