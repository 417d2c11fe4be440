import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepAliveFetch } from './keep-alive-fetch.ts';

/** A real HTTP server: /json echoes the body, /empty answers 204, /slow never answers, else a 503 in text. */
let server: Server;
let origin: string;
beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      if (request.url === '/slow') return;
      if (request.url === '/empty') return void response.writeHead(204).end();
      if (request.url !== '/json')
        return void response
          .writeHead(503, 'Not Now', { 'content-type': 'text/plain' })
          .end('down');
      response.setHeader('Content-Type', 'application/json; charset=utf-8');
      response.setHeader('X-Seen', ['one', 'two']);
      response.setHeader('Set-Cookie', ['a=1', 'b=2']); // the one header Node gives as an array
      // A byte-order mark first, which Response.text() drops too.
      const answer = { method: request.method, body, caller: request.headers['x-caller'] };
      response.end(`\uFEFF${JSON.stringify(answer)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  origin = `http://127.0.0.1:${address.port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

describe('keepAliveFetch', () => {
  it('answers with the status, the headers by any case and the body, read once', async () => {
    const response = await keepAliveFetch(
      `${origin}/json`,
      { method: 'POST', headers: { 'x-caller': 'gateway' }, body: '{"query":"{ a }"}' },
      5000,
    );
    // No URL, as a Response built from a body has none: the subgraph's address would reach clients in errors.
    expect([response.status, response.ok, response.url]).toEqual([200, true, '']);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('CONTENT-TYPE')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-seen')).toBe('one, two');
    expect(response.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(response.headers.has('x-missing')).toBe(false);
    expect(response.headers.get('x-missing')).toBeNull();
    expect(() => response.headers.set('x-seen', 'three')).toThrow(TypeError);
    const copy = response.clone();
    expect(response.bodyUsed).toBe(false);
    expect(await response.json()).toEqual({
      method: 'POST',
      body: '{"query":"{ a }"}',
      caller: 'gateway',
    });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(() => response.clone()).toThrow(TypeError);
    expect(new TextDecoder().decode(await copy.arrayBuffer())).toContain('"caller":"gateway"');
  });

  it('answers an error status with its reason and text, and an empty answer with an empty body', async () => {
    const refused = await keepAliveFetch(`${origin}/elsewhere`, { method: 'POST' }, 5000);
    expect([refused.status, refused.ok, refused.statusText]).toEqual([503, false, 'Not Now']);
    expect(await refused.text()).toBe('down');
    const empty = await keepAliveFetch(`${origin}/empty`, {}, 5000);
    expect([empty.status, empty.ok]).toEqual([204, true]);
    expect(await empty.text()).toBe('');
  });

  it('gives up after its timeout, naming the host', async () => {
    const started = Date.now();
    await expect(keepAliveFetch(`${origin}/slow`, { method: 'POST' }, 100)).rejects.toThrow(
      `no answer from 127.0.0.1:${new URL(origin).port} in 100 ms`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
