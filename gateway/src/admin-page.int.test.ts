import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envReader } from '@sportskk/platform';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminPageRoutes, readAdminDir } from './admin-page.ts';

const dir = mkdtempSync(join(tmpdir(), 'admin-page-'));
let server: Server;
let base: string;

beforeAll(async () => {
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>board</title>');
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'secret.txt'), 'not for the web');
  const app = express();
  adminPageRoutes(dir)(app);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const get = (path: string) => fetch(`${base}${path}`, { redirect: 'manual' });

describe('the admin page routes', () => {
  it('send /admin to /admin/, which serves index.html, revalidated each time, under a strict policy', async () => {
    const redirect = await get('/admin');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/admin/');
    const page = await get('/admin/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toMatch(
      /default-src 'none'.*script-src 'self'/,
    );
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>board</title>');
  });

  it('cache hashed assets for good', async () => {
    const asset = await get('/admin/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answer 404 for anything else, and never serve a file outside the folder', async () => {
    expect((await get('/admin/missing.js')).status).toBe(404);
    for (const path of [
      '/admin/../secret.txt',
      '/admin/%2e%2e/secret.txt',
      '/admin/..%2fsecret.txt',
    ])
      expect(await (await get(path)).text(), path).not.toContain('not for the web');
  });

  it('refuse an ADMIN_DIR without index.html at start, naming the variable', () => {
    const env = envReader({ ADMIN_DIR: join(dir, 'assets') });
    readAdminDir(env);
    expect(() => env.done({})).toThrow(/ADMIN_DIR has no index.html/);
    const unset = envReader({});
    expect(readAdminDir(unset)).toBeUndefined();
    expect(() => unset.done({})).not.toThrow();
  });
});
