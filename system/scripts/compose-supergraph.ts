/** npm run build (this step): writes gateway/supergraph.graphql from the subgraph SDL files; exits 1 listing every error. */
import { DEFAULT_SUPERGRAPH_PATH } from '@sportskk/gateway';
import { writeSupergraph } from '../src/supergraph/compose.ts';
import { SUBGRAPH_SOURCES } from '../src/supergraph/subgraph-sources.ts';

const result = writeSupergraph(SUBGRAPH_SOURCES, DEFAULT_SUPERGRAPH_PATH);
if (!result.ok) {
  console.error(
    `Composition failed with ${result.errors.length} error(s):\n- ${result.errors.join('\n- ')}`,
  );
  process.exit(1);
}
console.log(
  result.changed
    ? `Supergraph written to ${DEFAULT_SUPERGRAPH_PATH}`
    : `Supergraph unchanged: ${DEFAULT_SUPERGRAPH_PATH}`,
);
