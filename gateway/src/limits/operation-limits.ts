import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  GraphQLError,
  Kind,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

/** How big one operation may be. */
export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxRootFields: number;
  readonly maxTokens: number;
  readonly maxCost: number;
  readonly maxDirectives: number;
}

export type LimitCode =
  | 'QUERY_TOO_DEEP'
  | 'TOO_MANY_ALIASES'
  | 'TOO_MANY_ROOT_FIELDS'
  | 'QUERY_TOO_COSTLY'
  | 'TOO_MANY_DIRECTIVES';

export interface LimitBreach {
  readonly code: LimitCode;
  readonly message: string;
}

/** The graphql-armor rules, one per limit, so each breach gets a code of its own. */
export function operationLimits(limits: OperationLimits) {
  const common = { exposeLimits: true, propagateOnRejection: true };
  const rules: ReadonlyArray<readonly [LimitCode, ValidationRule]> = [
    [
      'QUERY_TOO_DEEP',
      maxDepthRule({
        ...common,
        n: limits.maxDepth,
        ignoreIntrospection: true,
        flattenFragments: true,
      }),
    ],
    ['TOO_MANY_ALIASES', maxAliasesRule({ ...common, n: limits.maxAliases })],
    [
      'QUERY_TOO_COSTLY',
      costLimitRule({
        ...common,
        maxCost: limits.maxCost,
        ignoreIntrospection: true,
        flattenFragments: true,
      }),
    ],
    ['TOO_MANY_DIRECTIVES', maxDirectivesRule({ ...common, n: limits.maxDirectives })],
  ];

  // Apollo Server keeps one parsed document per query text: each is measured once per schema.
  const measured = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, LimitBreach | null>>();
  /** The first limit the parsed `document` exceeds, or undefined. (Tokens are limited while parsing.) */
  return (schema: GraphQLSchema, document: DocumentNode): LimitBreach | undefined => {
    let bySchema = measured.get(schema);
    if (!bySchema) measured.set(schema, (bySchema = new WeakMap()));
    let breach = bySchema.get(document);
    if (breach === undefined)
      bySchema.set(document, (breach = firstBreach(schema, document) ?? null));
    return breach ?? undefined;
  };

  function firstBreach(schema: GraphQLSchema, document: DocumentNode): LimitBreach | undefined {
    const rootFields = maxRootFields(document);
    if (rootFields > limits.maxRootFields) {
      return {
        code: 'TOO_MANY_ROOT_FIELDS',
        message: `The operation selects ${rootFields} root fields; at most ${limits.maxRootFields}`,
      };
    }
    for (const [code, rule] of rules) {
      const error = firstRejection(schema, document, rule);
      if (error) return { code, message: error.message.replace(/^Syntax Error: /, '') };
    }
    return undefined;
  }
}

/** graphql-armor's rules throw their rejection (propagateOnRejection) or report it; either way, the first one. */
function firstRejection(
  schema: GraphQLSchema,
  document: DocumentNode,
  rule: ValidationRule,
): GraphQLError | undefined {
  try {
    return validate(schema, document, [rule])[0];
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
}

/** The most root fields any operation selects, fragments at the root included. */
function maxRootFields(document: DocumentNode): number {
  let most = 0;
  for (const definition of document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION)
      most = Math.max(most, rootFieldCount(document, definition));
  return most;
}

/** How many root fields `operation` selects, through fragments too (each a call a resolver makes). */
export function rootFieldCount(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  const count = (selectionSet: SelectionSetNode, seen: Set<string>): number =>
    selectionSet.selections.reduce((sum, selection) => {
      if (selection.kind === Kind.FIELD) return sum + 1;
      if (selection.kind === Kind.INLINE_FRAGMENT) return sum + count(selection.selectionSet, seen);
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value)) return sum;
      return sum + count(fragment.selectionSet, new Set([...seen, fragment.name.value]));
    }, 0);
  return count(operation.selectionSet, new Set());
}

/**
 * graphql-js stops parsing a document past `maxTokens` with a syntax error; the client gets TOO_MANY_TOKENS for it,
 * like every other limit, instead of GRAPHQL_PARSE_FAILED.
 */
export function withTokenLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (
    formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED' ||
    !/Document contains more tha[nt] \d+ tokens/.test(formatted.message) // graphql 16 says "that"
  )
    return formatted;
  return {
    ...formatted,
    message: formatted.message.replace(/^Syntax Error: /, '').replace('more that', 'more than'),
    extensions: { ...formatted.extensions, code: 'TOO_MANY_TOKENS' },
  };
}
