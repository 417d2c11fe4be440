import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GRAPHQL_ERROR_CODES } from '@sportskk/contracts';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

describe('the README', () => {
  it('documents exactly the error codes a client can get, each with whether a retry may succeed', () => {
    const section = readme.slice(readme.indexOf('### Error codes'), readme.indexOf('## Audit'));
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` +\| (yes|no) +\|/gm)].map(
      ([, code, retry]) => [code, retry === 'yes'],
    );
    expect(rows).toEqual(
      Object.entries(GRAPHQL_ERROR_CODES).map(([code, { retryable }]) => [code, retryable]),
    );
  });
});
