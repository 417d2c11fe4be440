import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SUPERGRAPH_PATH } from '../config.ts';
import { servedSupergraph } from '../testing/supergraph.ts';
import { accessChecks, checkAccess } from '@sportskk/identity';

const { schema, policy, executable } = servedSupergraph();
const check = (query: string, scopes: readonly string[] | undefined, introspection = true) =>
  checkAccess(schema, parse(query), policy, scopes, { introspection });
const BUYER = ['buyer'];
const ADMIN = ['admin'];

describe('the access policy of the supergraph', () => {
  it('holds every field the subgraphs guard, with its scopes', () => {
    const fields = Object.fromEntries(
      [...policy.fields].map(([name, requirement]) => [name, requirement.scopes ?? 'signed in']),
    );
    expect(fields).toEqual({
      'Mutation.buyTicket': [['buyer']],
      'Mutation.cancelTicket': [['buyer'], ['admin']],
      'Query.tickets': [['admin']],
      'Query.myTickets': 'signed in',
      'Query.ticket': [['admin']],
      'Query.ticketStatusCursor': [['admin']],
      'Query.teamTotals': 'signed in',
      'Query.teamTotal': 'signed in',
      'Subscription.teamTotalsChanged': [['admin']],
      'Subscription.ticketStatusChanged': [['admin']],
      'Ticket.history': [['admin']],
      'Ticket.totalling': 'signed in',
    });
    expect(policy.types.size).toBe(0);
  });

  it('leaves a supergraph @apollo/gateway accepts: no security features, directives or scope scalar', () => {
    expect(executable).not.toMatch(/authenticated|requiresScopes|for: SECURITY/);
    expect(readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')).toMatch(/for: SECURITY/);
  });

  it('follows a feature renamed with `as`', () => {
    const renamed = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')
      .replace(
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", for: SECURITY)',
        '@link(url: "https://specs.apollo.dev/requiresScopes/v0.1", as: "scopes", for: SECURITY)',
      )
      .replaceAll('@requiresScopes(', '@scopes(')
      .replaceAll('requiresScopes__Scope', 'scopes__Scope');
    const served = servedSupergraph(renamed);
    expect(served.policy.fields.get('Query.tickets')).toEqual({ scopes: [['admin']] });
    expect(served.executable).not.toMatch(/@scopes|scopes__Scope/);
  });
});

describe('who may run an operation', () => {
  const cases: Array<[string, string, readonly string[] | undefined, string | undefined]> = [
    ['anyone introspects in development', '{ __schema { types { name } } }', undefined, undefined],
    ['anyone asks __typename', '{ __typename }', undefined, undefined],
    ['anonymous reads nothing else', '{ teamTotals { teamCode } }', undefined, 'UNAUTHENTICATED'],
    [
      'anonymous buys nothing',
      'mutation { buyTicket(input: { teamCode: "KT", betCredit: 1 }) { ticket { id } } }',
      undefined,
      'UNAUTHENTICATED',
    ],
    [
      'a buyer reads totals',
      '{ teamTotals { teamCode totalCredit } teamTotal(teamCode: "KT") { ticketCount } }',
      BUYER,
      undefined,
    ],
    [
      'a buyer lists their tickets',
      '{ myTickets { edges { node { id status totalling { counted } } } } }',
      BUYER,
      undefined,
    ],
    [
      'a buyer buys',
      'mutation { buyTicket(input: { teamCode: "KT", betCredit: 1 }) { ticket { id } } }',
      BUYER,
      undefined,
    ],
    [
      'a buyer cancels',
      'mutation { cancelTicket(input: { ticketId: "x" }) { ticket { id } } }',
      BUYER,
      undefined,
    ],
    ['a buyer does not list every ticket', '{ tickets { totalCount } }', BUYER, 'FORBIDDEN'],
    ['a buyer does not read any ticket', '{ ticket(id: "x") { id } }', BUYER, 'FORBIDDEN'],
    [
      'a buyer does not read history, even of their own',
      '{ myTickets { edges { node { history { type } } } } }',
      BUYER,
      'FORBIDDEN',
    ],
    [
      'a buyer does not reach history through a fragment',
      '{ myTickets { edges { node { ...H } } } } fragment H on Ticket { history { type } }',
      BUYER,
      'FORBIDDEN',
    ],
    [
      'a buyer does not reach history through an inline fragment',
      '{ myTickets { edges { node { ... on Ticket { history { type } } } } } }',
      BUYER,
      'FORBIDDEN',
    ],
    [
      'a buyer does not reach history from what they bought',
      'mutation { buyTicket(input: { teamCode: "KT", betCredit: 1 }) { ticket { history { type } } } }',
      BUYER,
      'FORBIDDEN',
    ],
    [
      'an admin lists every ticket with history',
      '{ tickets { edges { node { id history { type } } } } ticket(id: "x") { id } }',
      ADMIN,
      undefined,
    ],
    [
      'an admin cancels',
      'mutation { cancelTicket(input: { ticketId: "x" }) { ticket { id } } }',
      ADMIN,
      undefined,
    ],
    [
      'an admin does not buy',
      'mutation { buyTicket(input: { teamCode: "KT", betCredit: 1 }) { ticket { id } } }',
      ADMIN,
      'FORBIDDEN',
    ],
    [
      'a caller with both roles does both',
      'mutation { buyTicket(input: { teamCode: "KT", betCredit: 1 }) { ticket { id history { type } } } }',
      ['buyer', 'admin'],
      undefined,
    ],
    ['a caller without roles reads totals only', '{ teamTotals { teamCode } }', [], undefined],
    [
      'a caller without roles does not buy',
      'mutation { buyTicket(input: { teamCode: "KT", betCredit: 1 }) { ticket { id } } }',
      [],
      'FORBIDDEN',
    ],
    ['a scope is matched exactly', '{ tickets { totalCount } }', ['admins', 'Admin'], 'FORBIDDEN'],
  ];
  it.each(cases)('%s', (_label, query, scopes, code) => {
    expect(check(query, scopes)?.code).toBe(code);
  });

  it('refuses an anonymous introspection where introspection is off', () => {
    expect(check('{ __schema { types { name } } }', undefined, false)).toEqual({
      code: 'UNAUTHENTICATED',
      fields: ['Query.__schema'],
    });
    expect(check('{ __typename }', undefined, false)).toBeUndefined();
  });

  it('names every field that is refused, and checks operations that were not chosen to run', () => {
    const denial = check(
      'query A { myTickets { totalCount } } query B { tickets { totalCount } ticket(id: "x") { id } }',
      BUYER,
    );
    expect(denial).toEqual({ code: 'FORBIDDEN', fields: ['Query.tickets', 'Query.ticket'] });
  });

  it('says UNAUTHENTICATED before FORBIDDEN: signing in comes first', () => {
    expect(check('{ teamTotals { teamCode } tickets { totalCount } }', undefined)?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('access checks kept per parsed document', () => {
  it('answer each set of roles for itself, whatever was asked of the same document before', () => {
    const access = accessChecks({ introspection: false });
    const document = parse('{ tickets(first: 1) { edges { node { id } } } }');
    const asked = (roles: readonly string[] | undefined) =>
      access(schema, document, policy, roles)?.code;
    expect(asked(['admin', 'buyer'])).toBeUndefined();
    expect(asked(BUYER)).toBe('FORBIDDEN');
    expect(asked(undefined)).toBe('UNAUTHENTICATED');
    expect(asked(['buyer', 'admin'])).toBeUndefined(); // the same set, in another order
    expect(asked(BUYER)).toBe('FORBIDDEN');
    const open: typeof policy = { fields: new Map(), types: new Map() }; // a reloaded supergraph's, say
    expect(access(schema, document, open, BUYER)).toBeUndefined();
    expect(access(schema, parse('{ __schema { types { name } } }'), policy, undefined)?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
