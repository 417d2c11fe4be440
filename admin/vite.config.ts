import { defineConfig } from 'vite';

// Static files for the gateway to serve at /admin (ADMIN_DIR): every asset bundled, nothing from a CDN, no inline
// script (the page's Content-Security-Policy allows only its own files).
export default defineConfig({
  base: '/admin/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
