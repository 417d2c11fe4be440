import { fileURLToPath } from 'node:url';
import type { SubgraphSource } from './compose.ts';

const schemaOf = (folder: string) =>
  fileURLToPath(new URL(`../../../subgraphs/${folder}/schema.graphql`, import.meta.url));

/**
 * The three subgraphs: their SDL files, and the URLs written into the supergraph (the gateway's defaults; each
 * deployment overrides them with TICKETING_URL, TOTALLING_URL and CENTER_URL).
 */
export const SUBGRAPH_SOURCES: readonly SubgraphSource[] = [
  { name: 'ticketing', url: 'http://localhost:4001/graphql', schemaPath: schemaOf('ticketing') },
  { name: 'totalling', url: 'http://localhost:4002/graphql', schemaPath: schemaOf('totalling') },
  { name: 'center', url: 'http://localhost:4003/graphql', schemaPath: schemaOf('center') },
];
