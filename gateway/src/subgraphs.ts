import { fileURLToPath } from 'node:url';
import type { Config } from '@sportskk/service';
import type { SubgraphSource } from './compose.ts';

const schemaOf = (folder: string) => fileURLToPath(new URL(`../../subgraphs/${folder}/schema.graphql`, import.meta.url));

/** The three subgraphs: SDL files from the repository, URLs from the configuration. */
export function subgraphSources(urls: Config['subgraphUrls']): SubgraphSource[] {
  return [
    { name: 'ticketing', url: urls.ticketing, schemaPath: schemaOf('ticketing') },
    { name: 'totalling', url: urls.totalling, schemaPath: schemaOf('totalling') },
    { name: 'center', url: urls.center, schemaPath: schemaOf('center') },
  ];
}
