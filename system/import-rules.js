// The house's import rules as ESLint `no-restricted-imports` blocks, one per workspace and folder depth (a later
// block replaces an earlier one's options for the same rule, so each block carries every rule that applies):
//   1. a library (packages/*) imports only libraries;
//   2. a deployable (subgraphs/*, gateway, projections) imports only libraries, never another deployable;
//   3. the roots (system/) import anything;
//   4. no relative import climbs out of its own workspace, and none takes a detour (./../, a/../) to hide it;
//   5. a domain/ folder imports only itself and @sportskk/contracts;
//   6. outside the roots, no dynamic import(): lint could not check where it points.
import { readdirSync, readFileSync } from 'node:fs';
import { URL } from 'node:url';

const root = new URL('..', import.meta.url);
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
const SOURCES = '*.{ts,tsx,js,mjs,cjs}';
const MAX_DEPTH = 16;

export const MESSAGES = {
  onlyLibraries:
    'Libraries and deployables import only libraries (packages/*); only the roots (system/) wire deployables.',
  climbsOut:
    'A relative import may not leave its workspace: import the package by name, if the rules allow it.',
  detour: 'Write relative imports straight (no ./.. or a/..), so where they point is plain.',
  domainOnly:
    'A domain/ folder imports only itself and @sportskk/contracts: no drivers, no Node, no other layer.',
  dynamicImport: 'No dynamic import() outside the roots: lint could not check where it points.',
};

const onlyLibraries = {
  regex: `^@sportskk/(?!(${libraries.map((name) => escape(name.slice('@sportskk/'.length))).join('|')})(/|$))`,
  caseSensitive: true,
  message: MESSAGES.onlyLibraries,
};
const climbsOut = (depth) => ({ regex: `^(\\.\\./){${depth + 1},}`, message: MESSAGES.climbsOut });
const detour = {
  regex: '^\\./\\.|/\\./|(^|/)[^./][^/]*/(.*/)?\\.\\.(/|$)',
  message: MESSAGES.detour,
};
const domainOnly = {
  regex: '^(?!(\\./(?!.*\\.\\./)|@sportskk/contracts$))',
  message: MESSAGES.domainOnly,
};
const noDynamicImports = [
  'error',
  { selector: 'ImportExpression', message: MESSAGES.dynamicImport },
];

const rulesFor = (folder, depth) =>
  kindOf(folder) === 'root'
    ? { 'no-restricted-imports': ['error', { patterns: [detour, climbsOut(depth)] }] }
    : {
        'no-restricted-imports': ['error', { patterns: [onlyLibraries, detour, climbsOut(depth)] }],
        'no-restricted-syntax': noDynamicImports,
      };

export const importRules = [
  // Files deeper than MAX_DEPTH: everything but the exact climb limit.
  ...workspaces.map((folder) => ({
    files: [`${folder}/**/${SOURCES}`],
    rules: rulesFor(folder, MAX_DEPTH),
  })),
  ...workspaces.flatMap((folder) =>
    Array.from({ length: MAX_DEPTH + 1 }, (_, depth) => ({
      files: [`${folder}/${'*/'.repeat(depth)}${SOURCES}`],
      rules: rulesFor(folder, depth),
    })),
  ),
  {
    files: [`subgraphs/*/src/domain/**/${SOURCES}`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [domainOnly] }],
      'no-restricted-syntax': noDynamicImports,
    },
  },
];
