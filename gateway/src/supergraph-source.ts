import { watch, type FSWatcher } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@sportskk/service';
import { composeSupergraph, type SubgraphSource } from './compose.ts';

/**
 * Feeds @apollo/gateway a supergraph composed from the SDL files at start. With `watch`, an edited SDL file
 * is composed again and served if it composes; if not, the errors are logged and the last good one stays.
 */
export function supergraphFromSdlFiles(subgraphs: readonly SubgraphSource[], logger: Logger, options: { watch: boolean }): SupergraphSdlHook {
  return async ({ update }) => {
    const first = composeSupergraph(subgraphs);
    if (!first.ok) throw new Error(`Composition failed:\n- ${first.errors.join('\n- ')}`);
    let current = first.supergraphSdl;
    const watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    const recompose = () => {
      const next = composeSupergraph(subgraphs);
      if (!next.ok) return logger.error({ errors: next.errors }, 'supergraph not reloaded: composition failed');
      if (next.supergraphSdl === current) return;
      current = next.supergraphSdl;
      update(current);
      logger.info('supergraph reloaded');
    };
    if (options.watch) {
      for (const subgraph of subgraphs) {
        watchers.push(watch(subgraph.schemaPath, () => {
          clearTimeout(timer);
          timer = setTimeout(recompose, 100); // editors write in several steps
        }));
      }
    }
    return {
      supergraphSdl: current,
      cleanup: async () => {
        clearTimeout(timer);
        for (const watcher of watchers) watcher.close();
      },
    };
  };
}
