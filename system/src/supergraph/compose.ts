import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export interface SubgraphSource {
  readonly name: string;
  readonly url: string;
  /** Path of the subgraph's SDL file. */
  readonly schemaPath: string;
}

export type Composition =
  | { readonly ok: true; readonly supergraphSdl: string }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Composes the supergraph from the subgraphs' SDL files; every composition error is listed. */
export function composeSupergraph(subgraphs: readonly SubgraphSource[]): Composition {
  const errors: string[] = [];
  const services = subgraphs.flatMap((subgraph) => {
    try {
      return [
        {
          name: subgraph.name,
          url: subgraph.url,
          typeDefs: parse(readFileSync(subgraph.schemaPath, 'utf8')),
        },
      ];
    } catch (error) {
      errors.push(`${subgraph.name}: ${(error as Error).message}`);
      return [];
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  const result = composeServices(services);
  if (result.errors) return { ok: false, errors: result.errors.map((error) => error.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}

/**
 * Composes and writes the supergraph to `path` when it differs from what is there (atomically: a watching gateway
 * never reads half a file). Nothing is written when composition fails.
 */
export function writeSupergraph(
  subgraphs: readonly SubgraphSource[],
  path: string,
):
  | { readonly ok: true; readonly changed: boolean }
  | { readonly ok: false; readonly errors: readonly string[] } {
  const result = composeSupergraph(subgraphs);
  if (!result.ok) return result;
  const current = (() => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  })();
  if (current === result.supergraphSdl) return { ok: true, changed: false };
  writeFileSync(`${path}.tmp`, result.supergraphSdl);
  renameSync(`${path}.tmp`, path);
  return { ok: true, changed: true };
}
