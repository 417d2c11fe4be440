import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@sportskk/service';
import type { SubgraphSource } from './compose.ts';
import { subgraphSources } from './subgraphs.ts';

/** Copies of the SDL files in a temporary folder, to break or change. */
export function copiedSources(): SubgraphSource[] {
  const sources = subgraphSources(loadConfig({}).subgraphUrls);
  const dir = mkdtempSync(join(tmpdir(), 'sdl-'));
  return sources.map((source) => {
    const schemaPath = join(dir, `${source.name}.graphql`);
    copyFileSync(source.schemaPath, schemaPath);
    return { ...source, schemaPath };
  });
}

