import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { withTokenLimitCode } from '../limits/operation-limits.ts';

/** A subscribe's query text parsed and validated against one schema: the document, or why it is refused. */
export type CheckedDocument =
  | { readonly document: DocumentNode; readonly errors?: undefined }
  | { readonly document?: undefined; readonly errors: readonly GraphQLError[] };

/**
 * Parsing and validating a subscription costs about a millisecond: the result is kept by query text for each
 * schema, so the same operation from many subscribers is checked once, and each gets the same document (whose plan
 * the planning keeps).
 */
export function checkedDocuments(options: {
  readonly maxTokens: number;
  /** Production: validation messages lose their "Did you mean" suggestions. */
  readonly production: boolean;
  readonly max?: number;
}): (schema: GraphQLSchema, query: string) => CheckedDocument {
  const perSchema = new WeakMap<GraphQLSchema, LRUCache<string, CheckedDocument>>();
  const check = (schema: GraphQLSchema, query: string): CheckedDocument => {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: options.maxTokens });
    } catch (error) {
      const { message, extensions } = withTokenLimitCode({
        message: (error as Error).message,
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
      return { errors: [new GraphQLError(message, { ...(extensions ? { extensions } : {}) })] };
    }
    const invalid = validate(schema, document);
    if (invalid.length === 0) return { document };
    return {
      errors: invalid.map(
        (error) =>
          new GraphQLError(
            options.production ? error.message.replace(/ ?Did you mean .+\?/g, '') : error.message,
            { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
          ),
      ),
    };
  };
  return (schema, query) => {
    let cache = perSchema.get(schema);
    if (!cache) perSchema.set(schema, (cache = new LRUCache({ max: options.max ?? 1000 })));
    let checked = cache.get(query);
    if (!checked) cache.set(query, (checked = check(schema, query)));
    return checked;
  };
}
