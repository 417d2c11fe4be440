import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '@sportskk/platform';
import { writeSupergraph } from './compose.ts';
import { SUBGRAPH_SOURCES } from './subgraph-sources.ts';

/** Recomposes the supergraph into `supergraphPath` whenever a subgraph's SDL file changes; logs what fails. */
export function watchSubgraphSchemas(
  supergraphPath: string,
  logger: Logger,
): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  const recompose = () => {
    const result = writeSupergraph(SUBGRAPH_SOURCES, supergraphPath);
    if (!result.ok)
      logger.error({ errors: result.errors }, 'supergraph not recomposed: composition failed');
    else if (result.changed) logger.info({ supergraphPath }, 'supergraph recomposed');
  };
  // Each file's folder, not the file: editors often save by writing a new file over the old one.
  const watchers = SUBGRAPH_SOURCES.map((source) =>
    watch(dirname(source.schemaPath), (_event, name) => {
      if (name !== basename(source.schemaPath)) return;
      clearTimeout(timer);
      timer = setTimeout(recompose, 100); // editors write in several steps
    }),
  );
  return {
    async stop() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
