/** npm run compose: writes gateway/supergraph.graphql from the subgraph SDL files; exits 1 listing every error. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@sportskk/service';
import { composeSupergraph } from '../src/compose.ts';
import { subgraphSources } from '../src/subgraphs.ts';

const result = composeSupergraph(subgraphSources(loadConfig().subgraphUrls));
if (!result.ok) {
  console.error(`Composition failed with ${result.errors.length} error(s):\n- ${result.errors.join('\n- ')}`);
  process.exit(1);
}
const target = fileURLToPath(new URL('../supergraph.graphql', import.meta.url));
writeFileSync(target, result.supergraphSdl);
console.log(`Supergraph written to ${target}`);
