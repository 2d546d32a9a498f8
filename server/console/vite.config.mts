// The web console: React + Ant Design, built to dist/console and served by the BFF at /console.
// Dev mode with reload: `npm run dev:console` (proxies /api to the BFF on 127.0.0.1:3000).
//
// Delivery: every page module is its own chunk (React.lazy in Shell.tsx and Business.tsx), the libraries that
// change rarely (React, antd, icons) are their own long-cached chunks, and every asset is written beside a
// brotli (.br) and a gzip (.gz) copy that the BFF sends to browsers accepting them (server/http/console-static.ts):
// compressed once at build time at the highest level, not on each request.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = process.env.CONSOLE_API_TARGET ?? 'http://127.0.0.1:3000';
const outDir = path.resolve(here, '../../dist/console');

/** Writes `<file>.br` and `<file>.gz` next to each emitted JS/CSS/SVG/HTML file larger than 1 KB. */
function precompress(): Plugin {
  return {
    name: 'gentou-precompress',
    apply: 'build',
    writeBundle(_options, bundle) {
      for (const name of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(name)) continue;
        const item = bundle[name]!;
        const source = item.type === 'chunk' ? item.code : item.source;
        const raw = Buffer.from(source);
        if (raw.length < 1024) continue;
        const file = path.join(outDir, name);
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/** Long-lived library chunks: a release that changes only our code leaves these cached in the browser. */
const VENDOR_GROUPS = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
  { name: 'antd-icons', test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 2 },
  {
    name: 'antd',
    test: /node_modules[\\/](antd|@ant-design[\\/](?!plots|charts)|@rc-component|rc-[^/\\]+|dayjs)/,
    priority: 1,
  },
];

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
    rolldownOptions: { output: { advancedChunks: { groups: VENDOR_GROUPS } } },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: true }, '/healthz': { target: api, changeOrigin: true } },
    fs: { allow: [path.resolve(here, '../..')] },
  },
});
