import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** One configuration for every workspace; the suffix of a test file says what it needs, and picks its project. */
const workspaces = ['packages/*', 'subgraphs/*', 'gateway', 'projections', 'system', 'admin'];
const tests = (kind: string) =>
  workspaces.map((workspace) => `${workspace}/src/**/*.${kind}.test.ts`);

/** Without DATABASE_URL, one embedded PostgreSQL for the run, so the server suites run on every machine. */
const TEST_DATABASE = 'system/src/test-database.global-setup.ts';

/** Vitest's default is one worker fewer than the cores: one on 2 cores, while most suites wait on a database or child. */
const WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  // graphql ships CommonJS and ESM without an exports map: Node loads the CommonJS build for everyone, Vite would
  // give our sources the ESM one, and @apollo/gateway's schemas (CommonJS) would then be "from another realm".
  resolve: {
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: tests('unit'), testTimeout: 10_000, maxWorkers: WORKERS },
      },
      {
        extends: true,
        test: {
          name: 'int',
          include: tests('int'),
          maxWorkers: WORKERS,
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: [TEST_DATABASE],
        },
      },
      {
        extends: true,
        // Each e2e file starts a whole system: one at a time, after the others.
        test: {
          name: 'e2e',
          include: tests('e2e'),
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          globalSetup: [TEST_DATABASE],
        },
      },
    ],
  },
});
