// The web console: React + Ant Design, built to dist/console and served by the BFF at /console.
// Dev mode with reload: `npm run dev:console` (proxies /api to the BFF on 127.0.0.1:3000).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = process.env.CONSOLE_API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: path.resolve(here, '../../dist/console'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: true }, '/healthz': { target: api, changeOrigin: true } },
    fs: { allow: [path.resolve(here, '../..')] },
  },
});
