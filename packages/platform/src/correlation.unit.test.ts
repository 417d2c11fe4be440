import { describe, expect, it } from 'vitest';
import { correlationIdFrom, currentCorrelationId, withCorrelationId } from './correlation.ts';

const fresh = () => 'fresh-id';

describe('correlationIdFrom', () => {
  it.each(['my-first-bet', 'a.b:c_d-1', 'x'.repeat(128)])('keeps %s', (id) => {
    expect(correlationIdFrom(id, fresh)).toBe(id);
  });

  it('takes the first of repeated headers', () => {
    expect(correlationIdFrom(['first-1', 'second-2'], fresh)).toBe('first-1');
  });

  it.each([
    ['nothing', undefined],
    ['an empty value', ''],
    ['spaces', 'two words'],
    ['a header injection', 'id\r\nset-cookie: x'],
    ['129 characters', 'x'.repeat(129)],
    ['non-ASCII', 'wette-über'],
  ])('makes a new id for %s', (_, header) => {
    expect(correlationIdFrom(header, fresh)).toBe('fresh-id');
  });

  it('makes a UUID by default', () => {
    expect(correlationIdFrom(undefined)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('withCorrelationId', () => {
  it('is seen by the work it runs, through awaits, and not outside it', async () => {
    expect(currentCorrelationId()).toBeUndefined();
    const seen = await withCorrelationId('outer', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      const inner = withCorrelationId('inner', () => currentCorrelationId());
      return [currentCorrelationId(), inner];
    });
    expect(seen).toEqual(['outer', 'inner']);
    expect(currentCorrelationId()).toBeUndefined();
  });
});
