import { request, type Agent } from 'node:http';
import { SpanKind } from '@opentelemetry/api';
import { inSpan } from '@sportskk/tracing';
import { injectTraceContext } from './telemetry.ts';

/** A non-2xx answer; `body` is the raw text (an internal endpoint sends `{ code, message }`). */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  readonly status: number;
  readonly body: string;
  constructor(status: number, body: string) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
    this.status = status;
    this.body = body;
  }

  /** The stable `code` of an internal endpoint's refusal, if the body carries one. */
  code(): string | undefined {
    try {
      const parsed = JSON.parse(this.body) as { code?: unknown };
      return typeof parsed.code === 'string' ? parsed.code : undefined;
    } catch {
      return undefined;
    }
  }
}

export interface JsonRequest {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** A keep-alive agent: connection reuse matters on the hot path. */
  readonly agent: Agent;
  readonly signal?: AbortSignal;
}

/** Sends JSON and parses the JSON answer; rejects on a non-2xx answer or a socket error. Timeouts belong to the caller. */
export function requestJson(options: JsonRequest): Promise<unknown> {
  return inSpan(
    `${options.method} ${options.url.pathname}`,
    { kind: SpanKind.CLIENT, attributes: { 'server.address': options.url.host } },
    () => sendJson(options),
  );
}

function sendJson(options: JsonRequest): Promise<unknown> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string | number> = {
    ...options.headers,
    accept: 'application/json',
  };
  injectTraceContext(headers);
  if (payload !== undefined)
    Object.assign(headers, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
    });
  return new Promise((resolve, reject) => {
    const call = request(
      options.url,
      { method: options.method, agent: options.agent, signal: options.signal, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = response.statusCode ?? 0;
          if (status < 200 || status >= 300) return reject(new HttpStatusError(status, text));
          try {
            resolve(text === '' ? undefined : JSON.parse(text));
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}
