import { defineConfig } from 'vitest/config';

/** One configuration for every workspace; the suffix of a test file says what it needs, and picks its project. */
const workspaces = ['packages/*', 'subgraphs/*', 'gateway', 'projections', 'system'];
const tests = (kind: string) =>
  workspaces.map((workspace) => `${workspace}/src/**/*.${kind}.test.ts`);

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: tests('unit'), testTimeout: 10_000 } },
      { test: { name: 'int', include: tests('int'), testTimeout: 30_000, hookTimeout: 60_000 } },
      {
        // Each e2e file starts a whole system: one at a time, after the others.
        test: {
          name: 'e2e',
          include: tests('e2e'),
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
