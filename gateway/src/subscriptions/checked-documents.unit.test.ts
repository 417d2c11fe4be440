import { getOperationAST } from 'graphql';
import { describe, expect, it } from 'vitest';
import { servedSupergraph } from '../testing/supergraph.ts';
import { checkedDocuments } from './checked-documents.ts';
import { subscriptionPlanning } from './planning.ts';

const planning = subscriptionPlanning(servedSupergraph().executable);
const FEED = `subscription Feed($after: String) { ticketStatusChanged(after: $after) { status cursor ticket { id betCredit } } }`;

describe('checked subscription documents', () => {
  it('parse and validate a query text once per schema: the same text gets the same document', () => {
    const check = checkedDocuments({ maxTokens: 1000, production: false });
    const first = check(planning.schema, FEED);
    expect(first.errors).toBeUndefined();
    expect(check(planning.schema, FEED).document).toBe(first.document);
    const other = subscriptionPlanning(servedSupergraph().executable);
    expect(check(other.schema, FEED).document).not.toBe(first.document);
  });

  it('keep neither what does not parse nor a text too large for the cache', () => {
    const check = checkedDocuments({ maxTokens: 1000, production: false, maxChars: 64 * 50 });
    expect(check(planning.schema, 'subscription {')).not.toBe(
      check(planning.schema, 'subscription {'),
    );
    expect(FEED.length).toBeGreaterThan(50);
    expect(check(planning.schema, FEED).document).not.toBe(check(planning.schema, FEED).document);
    const short = 'subscription { teamTotalsChanged { teamCode } }';
    expect(short.length).toBeLessThanOrEqual(50);
    expect(check(planning.schema, short)).toBe(check(planning.schema, short));
  });

  it('refuse what does not parse, what is too long and what the schema does not hold, with stable codes', () => {
    const check = checkedDocuments({ maxTokens: 20, production: true });
    expect(check(planning.schema, 'subscription {').errors?.[0]?.extensions['code']).toBe(
      'GRAPHQL_PARSE_FAILED',
    );
    const long = check(planning.schema, FEED).errors?.[0];
    expect(long?.extensions['code']).toBe('TOO_MANY_TOKENS');
    const unknown = checkedDocuments({ maxTokens: 1000, production: true })(
      planning.schema,
      'subscription { ticketStatusChange { status } }',
    ).errors?.[0];
    expect(unknown?.extensions['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknown?.message).not.toMatch(/Did you mean/);
    const shown = checkedDocuments({ maxTokens: 1000, production: false })(
      planning.schema,
      'subscription { ticketStatusChange { status } }',
    ).errors?.[0];
    expect(shown?.message).toMatch(/Did you mean/);
  });
});

describe('subscription plans', () => {
  it('are made once per operation; the resume cursor still comes from each subscriber’s variables', () => {
    const { document } = checkedDocuments({ maxTokens: 1000, production: false })(
      planning.schema,
      FEED,
    );
    const operation = getOperationAST(document!)!;
    const fromNow = planning.plan(document!, operation, { after: null });
    const fromCursor = planning.plan(document!, operation, { after: 'abc' });
    expect(fromCursor.primary).toBe(fromNow.primary);
    expect([fromNow.resume?.after, fromCursor.resume?.after]).toEqual([null, 'abc']);
  });
});
