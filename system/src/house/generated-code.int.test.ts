import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';

const SUBGRAPHS = ['ticketing', 'totalling', 'center'];

describe('the generated resolver types', () => {
  it.each(SUBGRAPHS)(
    'of %s are what its SDL makes now (npm run build writes them)',
    async (subgraph) => {
      const cwd = fileURLToPath(new URL(`../../../subgraphs/${subgraph}/`, import.meta.url));
      const config = ((await import(`${cwd}codegen.ts`)) as { default: CodegenConfig }).default;
      const outputs = await generate({ ...config, cwd, silent: true }, false);
      expect(outputs.length).toBeGreaterThan(0);
      for (const output of outputs) {
        expect(readFileSync(`${cwd}${output.filename}`, 'utf8'), output.filename).toBe(
          output.content,
        );
      }
    },
    60_000,
  );
});
