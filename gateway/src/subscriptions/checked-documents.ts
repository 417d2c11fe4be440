import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { LRUCache } from 'lru-cache';
import { withTokenLimitCode } from '../limits/operation-limits.ts';

/** A subscribe's query text parsed and validated against one schema: the document, or why it is refused. */
export type CheckedDocument =
  | { readonly document: DocumentNode; readonly errors?: undefined }
  | { readonly document?: undefined; readonly errors: readonly GraphQLError[] };

/**
 * Parsing and validating a subscription costs about a millisecond: the result is kept by query text for each
 * schema (bounded by the characters kept), so the same operation from many subscribers is checked once, and each
 * gets the same document (whose plan the planning keeps).
 */
export function checkedDocuments(options: {
  readonly maxTokens: number;
  /** Production: validation messages lose their "Did you mean" suggestions. */
  readonly production: boolean;
  /** Characters of query text kept per schema; default 16 Mi. */
  readonly maxChars?: number;
}): (schema: GraphQLSchema, query: string) => CheckedDocument {
  const maxChars = options.maxChars ?? 16 << 20;
  const perSchema = new WeakMap<GraphQLSchema, LRUCache<string, CheckedDocument>>();
  /** The document, or why the text does not parse (or is too long to). */
  const parseOrRefuse = (query: string): CheckedDocument | DocumentNode => {
    try {
      return parse(query, { maxTokens: options.maxTokens });
    } catch (error) {
      const { message, extensions } = withTokenLimitCode({
        message: (error as Error).message,
        extensions: { code: 'GRAPHQL_PARSE_FAILED' },
      });
      return { errors: [new GraphQLError(message, { ...(extensions ? { extensions } : {}) })] };
    }
  };
  const validated = (schema: GraphQLSchema, document: DocumentNode): CheckedDocument => {
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
    if (!cache)
      perSchema.set(
        schema,
        (cache = new LRUCache({
          maxSize: maxChars,
          sizeCalculation: (_, text) => Math.max(1, text.length),
        })),
      );
    const known = cache.get(query);
    if (known) return known;
    const parsed = parseOrRefuse(query);
    if (!('kind' in parsed)) return parsed; // what does not parse is not kept
    const checked = validated(schema, parsed);
    if (query.length <= maxChars / 64) cache.set(query, checked); // nor is a text too large to keep
    return checked;
  };
}
