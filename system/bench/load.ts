import autocannon from 'autocannon';

export interface LoadResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Requests that failed: transport errors, timeouts, non-2xx, or a GraphQL answer with `errors`. */
  readonly errors: number;
  readonly requests: number;
}

export interface Request {
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** Drives `next()` requests at `origin` from `connections` connections (kept alive) for `seconds`, at a rate if given. */
export async function drive(options: {
  readonly origin: string;
  readonly connections: number;
  readonly seconds: number;
  readonly next: () => Request;
  /** Requests per second across all connections; as fast as they go when absent. */
  readonly overallRate?: number;
}): Promise<LoadResult> {
  let failed = 0;
  const result = await autocannon({
    url: options.origin,
    connections: options.connections,
    duration: options.seconds,
    timeout: 10,
    ...(options.overallRate === undefined ? {} : { overallRate: options.overallRate }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const next = options.next();
          return {
            ...request,
            path: next.path,
            body: next.body,
            headers: { 'content-type': 'application/json', ...next.headers },
          };
        },
        onResponse: (status, body) => {
          if (status !== 200 || body.includes('"errors"')) failed += 1;
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: failed + result.errors + result.timeouts,
    requests: result.requests.total,
  };
}
