import { request, type Agent } from 'node:http';

export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(readonly status: number, readonly body: string) {
    super(`HTTP ${status}: ${body.slice(0, 200)}`);
  }
}

/** POSTs JSON over a keep-alive agent; rejects on a non-2xx answer or a socket error. Timeouts belong to the caller. */
export function postJson(url: URL, body: unknown, headers: Record<string, string>, agent: Agent, signal?: AbortSignal): Promise<unknown> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const call = request(url, { method: 'POST', agent, signal, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (response) => {
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
    });
    call.on('error', reject);
    call.end(payload);
  });
}
