import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SubgraphSource } from './compose.ts';
import { SUBGRAPH_SOURCES } from './subgraph-sources.ts';

/** Copies of the SDL files in a temporary folder, to break or change. */
export function copiedSources(): SubgraphSource[] {
  const dir = mkdtempSync(join(tmpdir(), 'sdl-'));
  return SUBGRAPH_SOURCES.map((source) => {
    const schemaPath = join(dir, `${source.name}.graphql`);
    copyFileSync(source.schemaPath, schemaPath);
    return { ...source, schemaPath };
  });
}
