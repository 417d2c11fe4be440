import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@sportskk/platform';
import type { AccessPolicy } from '@sportskk/identity';
import { splitSupergraph } from './authorization/supergraph-policy.ts';

/**
 * Feeds @apollo/gateway the supergraph in `path`, without its authorization directives, whose policy `onPolicy`
 * receives. With `watch`, a changed file is served once it loads; a file the gateway refuses (a broken or
 * half-written edit) is logged and the last good supergraph and policy stay.
 */
export function supergraphFromFile(
  path: string,
  logger: Logger,
  options: {
    readonly watch: boolean;
    readonly onPolicy: (policy: AccessPolicy) => void;
    /** Each supergraph served (without its authorization directives), once @apollo/gateway took it. */
    readonly onSupergraph?: (executable: string) => void;
  },
): SupergraphSdlHook {
  return async ({ update }) => {
    let current = readFileSync(path, 'utf8');
    const first = splitSupergraph(current);
    options.onPolicy(first.policy);
    options.onSupergraph?.(first.executable);
    let watcher: FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    const reload = () => {
      let next: string;
      try {
        next = readFileSync(path, 'utf8');
      } catch (error) {
        return logger.error(
          { err: error, path },
          'supergraph not reloaded: the file cannot be read',
        );
      }
      if (next === current) return;
      try {
        const split = splitSupergraph(next);
        update(split.executable);
        options.onPolicy(split.policy);
        options.onSupergraph?.(split.executable);
        current = next;
        logger.info({ path }, 'supergraph reloaded');
      } catch (error) {
        logger.error({ err: error, path }, 'supergraph not reloaded: the gateway refused it');
      }
    };
    if (options.watch) {
      // The folder, not the file: a file replaced by a rename (an atomic write) is a new file. A Kubernetes
      // ConfigMap volume changes none of its files' names: it swaps the `..data` link to a new folder.
      watcher = watch(dirname(path), (_event, name) => {
        if (name !== basename(path) && !name?.startsWith('..')) return;
        clearTimeout(timer);
        timer = setTimeout(reload, 100); // editors and scripts write in several steps
      });
    }
    return {
      supergraphSdl: first.executable,
      cleanup: async () => {
        clearTimeout(timer);
        watcher?.close();
      },
    };
  };
}
