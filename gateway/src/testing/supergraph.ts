import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';
import type { AccessPolicy } from '@sportskk/identity';
import { splitSupergraph } from '../authorization/supergraph-policy.ts';
import { DEFAULT_SUPERGRAPH_PATH } from '../config.ts';

/** The checked-in supergraph as the gateway serves it: the API schema clients see, and its access policy. */
export function servedSupergraph(sdl = readFileSync(DEFAULT_SUPERGRAPH_PATH, 'utf8')): {
  readonly schema: GraphQLSchema;
  readonly policy: AccessPolicy;
  readonly executable: string;
} {
  const { executable, policy } = splitSupergraph(sdl);
  const schema = Supergraph.build(executable).apiSchema().toGraphQLJSSchema();
  return { schema, policy, executable };
}
