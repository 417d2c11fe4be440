import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../import-rules.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The import-rule findings for `code` as if it were the file at `path` (the file need not exist). */
async function importFindings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: `${root}/${path}` });
  const rules = ['no-restricted-imports', 'no-restricted-syntax'];
  return result!.messages
    .filter((message) => rules.includes(message.ruleId ?? ''))
    .map((message) => message.message);
}

type Rule = keyof typeof MESSAGES;

describe('the import rules (lint fails on a planted violation)', () => {
  it.each<[string, string, string, Rule]>([
    [
      'a library importing a deployable',
      'packages/sql/src/planted.ts',
      "import '@sportskk/ticketing';",
      'onlyLibraries',
    ],
    [
      'a library importing the roots',
      'packages/platform/src/planted.ts',
      "import '@sportskk/system';",
      'onlyLibraries',
    ],
    [
      'a subgraph importing another subgraph',
      'subgraphs/center/src/planted.ts',
      "import type { TicketingConfig } from '@sportskk/ticketing';",
      'onlyLibraries',
    ],
    [
      'a subgraph re-exporting another',
      'subgraphs/totalling/src/planted.ts',
      "export * from '@sportskk/center';",
      'onlyLibraries',
    ],
    [
      'the gateway importing a subgraph',
      'gateway/src/planted.ts',
      "import '@sportskk/center';",
      'onlyLibraries',
    ],
    [
      'the projections worker importing a subgraph',
      'projections/src/app/planted.ts',
      "import '@sportskk/totalling';",
      'onlyLibraries',
    ],
    [
      'a JavaScript file of a subgraph importing another',
      'subgraphs/center/scripts/planted.mjs',
      "import '@sportskk/ticketing';",
      'onlyLibraries',
    ],
    [
      'a subgraph reaching into another by a relative path',
      'subgraphs/center/src/app/planted.ts',
      "import '../../../ticketing/src/domain/decide.ts';",
      'climbsOut',
    ],
    [
      'a library climbing out of its workspace',
      'packages/event-store/src/postgres/planted.ts',
      "import '../../../sql/src/index.ts';",
      'climbsOut',
    ],
    [
      'the roots climbing out of their workspace',
      'system/src/planted.ts',
      "import '../../subgraphs/ticketing/src/main.ts';",
      'climbsOut',
    ],
    [
      'a climb hidden behind ./',
      'subgraphs/center/src/app/planted.ts',
      "import './../../../ticketing/src/domain/decide.ts';",
      'detour',
    ],
    [
      'a climb hidden behind a folder',
      'subgraphs/center/src/app/planted.ts',
      "import '../domain/../../../ticketing/src/index.ts';",
      'detour',
    ],
    [
      'a dynamic import in a deployable',
      'subgraphs/center/src/planted.ts',
      "await import('@sportskk/ticketing');",
      'dynamicImport',
    ],
    [
      'a domain importing a library other than contracts',
      'subgraphs/ticketing/src/domain/planted.ts',
      "import type { EventStore } from '@sportskk/event-store';",
      'domainOnly',
    ],
    [
      'a domain importing Node',
      'subgraphs/ticketing/src/domain/planted.ts',
      "import { randomUUID } from 'node:crypto';",
      'domainOnly',
    ],
    [
      'a domain importing a driver',
      'subgraphs/center/src/domain/planted.ts',
      "import { MongoClient } from 'mongodb';",
      'domainOnly',
    ],
    [
      'a domain importing another layer of its subgraph',
      'subgraphs/totalling/src/domain/planted.ts',
      "import '../app/record-ticket.ts';",
      'domainOnly',
    ],
    [
      'a domain leaving itself behind ./',
      'subgraphs/totalling/src/domain/planted.ts',
      "import './../app/record-ticket.ts';",
      'domainOnly',
    ],
  ])('refuses %s', async (_label, path, code, rule) => {
    const findings = await importFindings(path, code);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toContain(MESSAGES[rule]);
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
      'the roots importing every deployable, also dynamically',
      'system/src/planted.ts',
      "import '@sportskk/ticketing';\nimport '@sportskk/gateway';\nawait import('@sportskk/projections');",
    ],
  ])('allows %s', async (_label, path, code) => {
    expect(await importFindings(path, code)).toEqual([]);
  });
});
