import { defineConfig } from 'prisma/config';

// The CLI is used only for `prisma generate`; migrations are applied by server/tools/prisma-wasm.mjs
// (Prisma's Wasm schema engine), because the native engine cannot be downloaded offline.
export default defineConfig({
  schema: '../prisma/schema',
  migrations: { path: '../prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/gentou' },
});
