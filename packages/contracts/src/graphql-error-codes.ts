/**
 * Every `errors[].extensions.code` a client of the gateway can get, and whether the same call may succeed if
 * retried unchanged. The README documents each one; the fuzz test refuses any other.
 */
export const GRAPHQL_ERROR_CODES = {
  // Who is calling
  UNAUTHENTICATED: { retryable: false, meaning: 'no valid bearer token for what was asked' },
  FORBIDDEN: { retryable: false, meaning: "the caller's roles do not allow a field asked for" },
  AUTHENTICATION_UNAVAILABLE: {
    retryable: true,
    meaning: "the identity provider's keys cannot be fetched (HTTP 503)",
  },
  // Gateway limits
  RATE_LIMITED: { retryable: true, meaning: 'too many mutations; wait retryAfterSeconds' },
  TOO_MANY_TOKENS: { retryable: false, meaning: 'the document is too long' },
  QUERY_TOO_DEEP: { retryable: false, meaning: 'the selection nests too deep' },
  TOO_MANY_ALIASES: { retryable: false, meaning: 'too many aliases' },
  TOO_MANY_ROOT_FIELDS: { retryable: false, meaning: 'too many root fields in one operation' },
  QUERY_TOO_COSTLY: { retryable: false, meaning: 'the estimated cost is over the limit' },
  TOO_MANY_DIRECTIVES: { retryable: false, meaning: 'too many directives' },
  PAYLOAD_TOO_LARGE: { retryable: false, meaning: 'the request body is over the limit (HTTP 413)' },
  // GraphQL itself
  BAD_REQUEST: { retryable: false, meaning: 'not a GraphQL request (body, batch, CSRF headers)' },
  GRAPHQL_PARSE_FAILED: { retryable: false, meaning: 'the document does not parse' },
  GRAPHQL_VALIDATION_FAILED: { retryable: false, meaning: 'the document does not fit the schema' },
  BAD_USER_INPUT: {
    retryable: false,
    meaning: 'an argument or variable of the wrong type or range',
  },
  OPERATION_RESOLUTION_FAILURE: { retryable: false, meaning: 'operationName names no operation' },
  PERSISTED_QUERY_NOT_FOUND: {
    retryable: true,
    meaning: 'an automatic persisted query hash not seen yet: send the query with it',
  },
  // Ticketing
  UNKNOWN_TEAM: { retryable: false, meaning: 'the team code is not configured' },
  INVALID_BET_CREDIT: { retryable: false, meaning: 'the stake is not a whole number above 0' },
  BET_CREDIT_TOO_HIGH: { retryable: false, meaning: 'the stake is above MAX_BET_CREDIT' },
  INVALID_IDEMPOTENCY_KEY: { retryable: false, meaning: 'the key is empty or too long' },
  IDEMPOTENCY_KEY_REUSED: { retryable: false, meaning: 'the key was used for another purchase' },
  TICKET_NOT_FOUND: { retryable: false, meaning: 'no such ticket of yours' },
  TICKET_ALREADY_CANCELLED: { retryable: false, meaning: 'the ticket is cancelled already' },
  VERSION_CONFLICT: {
    retryable: false,
    meaning: 'expectedVersion is stale: read and decide again',
  },
  // Subscriptions (graphql-ws on /graphql)
  OPERATION_NOT_SUPPORTED: {
    retryable: false,
    meaning: 'a query or mutation over WebSocket: send it as HTTP POST',
  },
  SLOW_CONSUMER: {
    retryable: true,
    meaning: 'the subscriber fell too far behind: subscribe again with the last cursor',
  },
  // Infrastructure
  SUBGRAPH_UNAVAILABLE: {
    retryable: true,
    meaning:
      'a service is down or slow; a query may be retried, a mutation only with its idempotencyKey (extensions.retryable says which)',
  },
  INTERNAL_SERVER_ERROR: {
    retryable: true,
    meaning: 'unexpected; in production only the correlationId is given',
  },
} as const satisfies Record<string, { readonly retryable: boolean; readonly meaning: string }>;

export type GraphQLErrorCode = keyof typeof GRAPHQL_ERROR_CODES;
