import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

let echo: Server;
const served: Socket[] = [];
let proxy: TcpProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await new Promise((resolve) => echo?.close(resolve));
});

async function startEcho(): Promise<string> {
  echo = createServer((socket) => {
    served.push(socket);
    socket.on('error', () => undefined); // reset by the cut
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(echo.address() as { port: number }).port}`;
}

const dial = (address: string) => {
  const [host, port] = address.split(':');
  return connect(Number(port), host);
};
const reply = (socket: Socket, text: string) =>
  new Promise<string>((resolve) => {
    socket.once('data', (data) => resolve(data.toString()));
    socket.write(text);
  });
const ended = (socket: Socket) =>
  new Promise<string>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    socket.on('close', () => resolve('closed'));
  });

describe('the TCP proxy', () => {
  it('forwards both ways, cuts every open connection at once, and still accepts new ones', async () => {
    proxy = await startTcpProxy(await startEcho());
    const [a, b] = [dial(proxy.address), dial(proxy.address)];
    expect(await reply(a, 'ping')).toBe('ping');
    expect(await reply(b, 'pong')).toBe('pong');
    const [aEnded, bEnded] = [ended(a), ended(b)];
    expect(proxy.cut()).toBe(2);
    expect(await aEnded).toBe('ECONNRESET');
    await bEnded;
    expect(proxy.cut()).toBe(0);
    const c = dial(proxy.address);
    expect(await reply(c, 'again')).toBe('again');
    c.destroy();
  });

  it('resets every connection during an outage, and forwards again after it', async () => {
    proxy = await startTcpProxy(await startEcho());
    const before = dial(proxy.address);
    expect(await reply(before, 'x')).toBe('x');
    const cut = ended(before);
    const outage = proxy.outage(300);
    expect(await cut).toBe('ECONNRESET');
    expect(await ended(dial(proxy.address))).toBe('ECONNRESET');
    await outage;
    const after = dial(proxy.address);
    expect(await reply(after, 'y')).toBe('y');
    after.destroy();
  });

  it('closes the client side when the target goes away', async () => {
    proxy = await startTcpProxy(await startEcho());
    const client = dial(proxy.address);
    expect(await reply(client, 'x')).toBe('x');
    const clientEnded = ended(client);
    for (const socket of served.splice(0)) socket.destroy();
    expect(await clientEnded).toBe('closed');
  });
});
