import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EnvReader } from '@sportskk/platform';
import express, { type Express } from 'express';

/** Where the built admin page is (ADMIN_DIR, holding index.html), or undefined to serve none. */
export function readAdminDir(env: EnvReader): string | undefined {
  const dir = env.optionalText('ADMIN_DIR');
  if (dir !== undefined && !existsSync(join(dir, 'index.html')))
    env.problem(
      `ADMIN_DIR has no index.html (build it: npm run build -w @sportskk/admin): "${dir}"`,
    );
  return dir;
}

// The page runs only its own files and talks only to this origin (the GraphQL endpoint and its WebSocket).
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Serves the static admin board at /admin: hashed assets cached for good, index.html revalidated each time. */
export function adminPageRoutes(dir: string): (app: Express) => void {
  return (app) => {
    // Relative to /admin/, as the page's asset URLs are (routing is not strict: '/admin' also matches '/admin/').
    app.get('/admin', (request, response, next) =>
      request.originalUrl.startsWith('/admin/') ? next() : response.redirect(301, '/admin/'),
    );
    app.use(
      '/admin',
      (_request, response, next) => {
        response.set({
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        });
        next();
      },
      express.static(dir, {
        index: 'index.html',
        redirect: false,
        fallthrough: true,
        setHeaders: (response, path) =>
          response.setHeader(
            'cache-control',
            path.includes(`${join(dir, 'assets')}`)
              ? 'public, max-age=31536000, immutable'
              : 'no-cache',
          ),
      }),
      (_request, response) => void response.status(404).type('text/plain').send('Not found'),
    );
  };
}
