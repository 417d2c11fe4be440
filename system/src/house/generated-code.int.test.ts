import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.ts';

const system = fileURLToPath(new URL('../../', import.meta.url));

describe('the generated resolver types', () => {
  it('are what each subgraph SDL makes now (npm run build writes them)', async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...config, cwd: system, silent: true },
      false,
    );
    expect(outputs.map((output) => output.filename).sort()).toEqual(
      ['center', 'ticketing', 'totalling'].map(
        (name) => `../subgraphs/${name}/src/graphql/generated/resolvers-types.ts`,
      ),
    );
    for (const output of outputs)
      expect(readFileSync(`${system}${output.filename}`, 'utf8'), output.filename).toBe(
        output.content,
      );
  }, 60_000);
});
