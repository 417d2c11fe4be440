export interface GraphQLResponse<Data = Record<string, unknown>> {
  readonly status: number;
  readonly contentType: string | null;
  readonly data?: Data | null;
  readonly errors?: ReadonlyArray<{
    message: string;
    extensions?: { code?: string; [key: string]: unknown };
  }>;
}

/** POSTs a GraphQL operation as a client would (JSON body, which also satisfies CSRF prevention). */
export async function postGraphQL<Data = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<Data>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: Data | null;
    errors?: GraphQLResponse['errors'];
  };
  return { status: response.status, contentType: response.headers.get('content-type'), ...body };
}
