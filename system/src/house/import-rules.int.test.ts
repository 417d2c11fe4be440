import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The import-rule findings for `code` as if it were the file at `path` (the file need not exist). */
async function importFindings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: `${root}/${path}` });
  return result!.messages
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('the import rules (lint fails on a planted violation)', () => {
  it.each([
    [
      'a library importing a deployable',
      'packages/sql/src/planted.ts',
      "import '@sportskk/ticketing';",
    ],
    [
      'a library importing the roots',
      'packages/platform/src/planted.ts',
      "import '@sportskk/system';",
    ],
    [
      'a subgraph importing another subgraph',
      'subgraphs/center/src/planted.ts',
      "import type { TicketingConfig } from '@sportskk/ticketing';",
    ],
    [
      'a subgraph reaching into another by a relative path',
      'subgraphs/center/src/app/planted.ts',
      "import '../../../ticketing/src/domain/decide.ts';",
    ],
    [
      'a subgraph re-exporting another',
      'subgraphs/totalling/src/planted.ts',
      "export * from '@sportskk/center';",
    ],
    ['the gateway importing a subgraph', 'gateway/src/planted.ts', "import '@sportskk/center';"],
    [
      'the projections worker importing a subgraph',
      'projections/src/app/planted.ts',
      "import '@sportskk/totalling';",
    ],
    [
      'a library climbing out of its workspace',
      'packages/event-store/src/postgres/planted.ts',
      "import '../../../sql/src/index.ts';",
    ],
    [
      'a domain importing a library other than contracts',
      'subgraphs/ticketing/src/domain/planted.ts',
      "import type { EventStore } from '@sportskk/event-store';",
    ],
    [
      'a domain importing Node',
      'subgraphs/ticketing/src/domain/planted.ts',
      "import { randomUUID } from 'node:crypto';",
    ],
    [
      'a domain importing a driver',
      'subgraphs/center/src/domain/planted.ts',
      "import { MongoClient } from 'mongodb';",
    ],
    [
      'a domain importing another layer of its subgraph',
      'subgraphs/totalling/src/domain/planted.ts',
      "import '../app/record-ticket.ts';",
    ],
  ])('refuses %s', async (_label, path, code) => {
    expect(await importFindings(path, code)).toHaveLength(1);
  });

  it.each([
    [
      'a library importing a library',
      'packages/event-store/src/planted.ts',
      "import '@sportskk/sql';",
    ],
    [
      'a subgraph importing libraries and its own files',
      'subgraphs/center/src/app/planted.ts',
      "import '@sportskk/projection-runner';\nimport '../domain/ticket-view.ts';",
    ],
    [
      'a subgraph reading its own SDL file',
      'subgraphs/center/src/graphql/planted.ts',
      "import '../../schema.graphql';",
    ],
    [
      'a domain importing itself and contracts',
      'subgraphs/ticketing/src/domain/planted.ts',
      "import '@sportskk/contracts';\nimport './ticket.ts';",
    ],
    [
      'a domain test importing test helpers',
      'subgraphs/center/src/domain/planted.unit.test.ts',
      "import '../testing/ticket-events.ts';",
    ],
    [
      'the roots importing every deployable',
      'system/src/planted.ts',
      "import '@sportskk/ticketing';\nimport '@sportskk/gateway';\nimport '@sportskk/projections';",
    ],
  ])('allows %s', async (_label, path, code) => {
    expect(await importFindings(path, code)).toEqual([]);
  });
});
