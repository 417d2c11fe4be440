import { Agent, request } from 'node:http';
import autocannon from 'autocannon';

export interface LoadResult {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Requests that failed: transport errors, timeouts, non-2xx, or a GraphQL answer with `errors`. */
  readonly errors: number;
  /** What the first few failures were (status and the start of the body, or the transport error). */
  readonly failures: readonly string[];
  readonly requests: number;
}

const FAILURES_KEPT = 3;

/** Keeps the first few failures' descriptions. */
function failureLog() {
  const kept: string[] = [];
  return {
    kept,
    add(description: string): void {
      if (kept.length < FAILURES_KEPT) kept.push(description.slice(0, 300));
    },
  };
}

export interface Request {
  readonly path: string;
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** Drives `next()` requests at `origin` from `connections` connections (kept alive) for `seconds`, as fast as they go. */
export async function drive(options: {
  readonly origin: string;
  readonly connections: number;
  readonly seconds: number;
  readonly next: () => Request;
}): Promise<LoadResult> {
  let failed = 0;
  const failures = failureLog();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.connections,
        duration: options.seconds,
        timeout: 10,
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
              if (status !== 200 || body.includes('"errors"')) {
                failed += 1;
                failures.add(`${status} ${body}`);
              }
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('reqError', (error: unknown) => failures.add(String(error)));
  });
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    // autocannon counts a timeout among its errors too.
    errors: failed + result.errors,
    failures: [
      ...failures.kept,
      ...(result.errors > result.timeouts
        ? [`${result.errors - result.timeouts} transport errors`]
        : []),
      ...(result.timeouts > 0 ? [`${result.timeouts} timeouts (10 s)`] : []),
    ],
    requests: result.requests.total,
  };
}

/**
 * Sends `next()` requests at `origin` at `rate` a second, evenly spaced, for `seconds`, each at its time whether or
 * not earlier ones have answered (over up to `connections` kept-alive connections); latency counts from that time.
 * (autocannon's `overallRate` sends each second's requests together at the start of the second: a burst.)
 */
export async function driveAtRate(options: {
  readonly origin: string;
  readonly connections: number;
  readonly seconds: number;
  readonly rate: number;
  readonly next: () => Request;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const { hostname, port } = new URL(options.origin);
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let errors = 0;
  const failures = failureLog();
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const { path, body, headers } = options.next();
      const fail = (error: Error) => {
        errors += 1;
        failures.add(String(error));
        resolve();
      };
      const outgoing = request(
        { agent, hostname, port, path, method: 'POST', timeout: 10_000 },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            latencies.push(performance.now() - due);
            if (response.statusCode !== 200 || text.includes('"errors"')) {
              errors += 1;
              failures.add(`${response.statusCode} ${text}`);
            }
            resolve();
          });
          response.on('error', fail);
        },
      );
      outgoing.on('error', fail);
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      for (const [name, value] of Object.entries({
        'content-type': 'application/json',
        ...headers,
      }))
        outgoing.setHeader(name, value);
      outgoing.end(body);
    });
  const started = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(send(due));
  }
  await Promise.all(sent);
  const elapsedSeconds = (performance.now() - started) / 1000;
  agent.destroy();
  const at = quantiles(latencies);
  return {
    rps: latencies.length / elapsedSeconds,
    p50Ms: Math.round(at(0.5)),
    p99Ms: Math.round(at(0.99)),
    errors,
    failures: failures.kept,
    requests: total,
  };
}

/** The q-quantile of `values` (NaN for none), for any q. */
export function quantiles(values: readonly number[]): (q: number) => number {
  const sorted = [...values].sort((a, b) => a - b);
  return (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
