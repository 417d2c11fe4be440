// The house's import rules as ESLint `no-restricted-imports` blocks, one per workspace and folder depth (a later
// block replaces an earlier one's options for the same rule, so each block carries every rule that applies):
//   1. a library (packages/*) imports only libraries;
//   2. a deployable (subgraphs/*, gateway, projections) imports only libraries, never another deployable;
//   3. the roots (system/) import anything;
//   4. no relative import climbs out of its own workspace;
//   5. a domain/ folder imports only itself and @sportskk/contracts.
import { readdirSync, readFileSync } from 'node:fs';
import { URL } from 'node:url';

const root = new URL('.', import.meta.url);
const manifest = (folder) =>
  JSON.parse(readFileSync(new URL(`${folder}/package.json`, root), 'utf8'));
const workspaces = manifest('.').workspaces.flatMap((pattern) =>
  pattern.endsWith('/*')
    ? readdirSync(new URL(pattern.slice(0, -1), root), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => `${pattern.slice(0, -1)}${entry.name}`)
    : [pattern],
);
const kindOf = (folder) =>
  folder.startsWith('packages/') ? 'library' : folder === 'system' ? 'root' : 'deployable';
const libraries = workspaces
  .filter((folder) => kindOf(folder) === 'library')
  .map((folder) => manifest(folder).name);
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const onlyLibraries = {
  regex: `^@sportskk/(?!(${libraries.map((name) => escape(name.slice('@sportskk/'.length))).join('|')})(/|$))`,
  caseSensitive: true,
  message:
    'Libraries and deployables import only libraries (packages/*); only the roots (system/) wire deployables.',
};
const climbsOut = (depth) => ({
  regex: `^(\\.\\./){${depth + 1},}`,
  message:
    'A relative import may not leave its workspace: import the package by name, if the rules allow it.',
});
const domainOnly = {
  regex: '^(?!(\\./(?!.*\\.\\./)|@sportskk/contracts$))',
  message:
    'A domain/ folder imports only itself and @sportskk/contracts: no drivers, no Node, no other layer.',
};
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const MAX_DEPTH = 8;

export const importRules = [
  ...workspaces.flatMap((folder) =>
    Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => ({
      files: [`${folder}/${'*/'.repeat(depth)}*.ts`],
      rules: restrict(
        kindOf(folder) === 'root' ? [climbsOut(depth)] : [onlyLibraries, climbsOut(depth)],
      ),
    })),
  ),
  {
    files: ['subgraphs/*/src/domain/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict([domainOnly]),
  },
];
