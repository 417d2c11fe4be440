import { buildSchema, getOperationAST, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CURSOR_ALIAS, RESUME_VARIABLE, resumable, usesReservedNames } from './resumable.ts';

const schema = buildSchema(`
  type Query { a: Int }
  type Change { status: String cursor: String! }
  type Other { status: String }
  type Subscription {
    changed(after: String, team: String): Change!
    noCursor(after: String): Other!
    noAfter: Change!
  }
`);

const rewrite = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return resumable(schema, document, getOperationAST(document)!, variables);
};

describe('a resumable subscription', () => {
  it('gets its `after` from the gateway and names each event cursor', () => {
    const rewritten = rewrite(
      'subscription S($t: String) { changed(team: $t, after: "c1") { status } }',
    );
    expect(rewritten?.after).toBe('c1');
    expect(print(rewritten!.document)).toBe(
      `subscription S($t: String, $${RESUME_VARIABLE}: String) {\n` +
        `  changed(team: $t, after: $${RESUME_VARIABLE}) {\n    status\n    ${CURSOR_ALIAS}: cursor\n  }\n}`,
    );
  });

  it('starts from the variable the client gave, or from now', () => {
    const query = 'subscription ($after: String) { changed(after: $after) { status } }';
    expect(rewrite(query, { after: 'c9' })?.after).toBe('c9');
    expect(rewrite(query, {})?.after).toBeNull();
    expect(rewrite('subscription { changed { status } }')?.after).toBeNull();
  });

  it('is not made of a field without `after`, or whose events have no cursor', () => {
    expect(rewrite('subscription { noCursor { status } }')).toBeUndefined();
    expect(rewrite('subscription { noAfter { status } }')).toBeUndefined();
  });

  it('the client may not use the names the gateway adds', () => {
    expect(usesReservedNames(parse(`subscription { changed { ${CURSOR_ALIAS}: cursor } }`))).toBe(
      true,
    );
    expect(
      usesReservedNames(parse(`subscription ($${RESUME_VARIABLE}: String) { changed { status } }`)),
    ).toBe(true);
    expect(
      usesReservedNames(
        parse(
          `subscription { ...F } fragment F on Subscription { changed { ${CURSOR_ALIAS}: status } }`,
        ),
      ),
    ).toBe(true);
    expect(usesReservedNames(parse('subscription { changed { cursor } }'))).toBe(false);
  });

  it('names what subscribers from now share: the document without `after`, and the variable that gave it', () => {
    const query =
      'subscription S($after: String, $t: String) { changed(after: $after, team: $t) { status } }';
    const resumed = rewrite(query, { after: 'c9', t: 'BAR' });
    expect(resumed?.fromNow).toBe(
      print(parse('subscription S($t: String) { changed(team: $t) { status } }')),
    );
    expect(resumed?.afterVariable).toBe('after');
    const literal = rewrite(
      'subscription S($t: String) { changed(after: "c1", team: $t) { status } }',
    );
    expect(literal?.fromNow).toBe(resumed?.fromNow);
    expect(literal?.afterVariable).toBeUndefined();
  });

  it('keeps a variable that is used beyond `after` (its value may change the events)', () => {
    const resumed = rewrite(
      'subscription S($v: String) { changed(after: $v, team: $v) { status } }',
      { v: 'c1' },
    );
    expect(resumed?.afterVariable).toBeUndefined();
    expect(resumed?.fromNow).toContain('$v: String');
  });
});
