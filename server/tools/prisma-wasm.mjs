#!/usr/bin/env node
// Offline Prisma migrations for PostgreSQL via @prisma/schema-engine-wasm (no native schema-engine, no network).
// Usage: node server/tools/prisma-wasm.mjs <deploy|new NAME|push|status|diff>   (DATABASE_URL required)
// The schema is a folder (prisma/schema/*.prisma, one file per business area).
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { parse } from 'pg-connection-string';

const SCHEMA = process.env.PRISMA_SCHEMA_PATH ?? 'prisma/schema';
const MIGRATIONS = process.env.PRISMA_MIGRATIONS_PATH ?? 'prisma/migrations';
const filters = { externalTables: [], externalEnums: [] };

// adapter-pg cannot map pg catalog types "char"(18)/name(19)/"char"[]/name[] that the schema describer reads.
const REMAP = { 18: 25, 19: 25, 1002: 1009, 1003: 1009 };
const fix = (res) => {
  for (const f of res?.fields ?? []) if (REMAP[f.dataTypeID]) f.dataTypeID = REMAP[f.dataTypeID];
  return res;
};
class CatalogSafeClient extends pg.Client {
  query(...args) {
    const cb = args[args.length - 1];
    if (typeof cb === 'function') {
      args[args.length - 1] = (err, res) => cb(err, err ? res : fix(res));
      return super.query(...args);
    }
    const r = super.query(...args);
    return r && typeof r.then === 'function' ? r.then(fix) : r;
  }
}

function pgConfig(url, database) {
  const c = parse(url); // discrete fields: a connectionString would override `database`
  return {
    host: c.host ?? '127.0.0.1',
    port: Number(c.port || 5432),
    user: c.user,
    password: c.password,
    database: database ?? c.database,
    Client: CatalogSafeClient,
  };
}

function adapterFactory(url) {
  const main = new PrismaPg(pgConfig(url));
  const open = new Set();
  return {
    provider: main.provider,
    adapterName: main.adapterName,
    async connect() {
      const a = await main.connect();
      open.add(a);
      return a;
    },
    async close() {
      for (const a of open) await a.dispose();
      open.clear();
    },
    async connectToShadowDb() {
      // PrismaPg's own version drops the DB before closing its pool
      const name = `prisma_shadow_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client(pgConfig(url));
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      const pool = new pg.Pool(pgConfig(url, name));
      const shadow = await new PrismaPg(pool, { disposeExternalPool: true }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        const a = new pg.Client(pgConfig(url));
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await a.end();
      };
      return shadow;
    },
  };
}

let wasmReady; // instantiate the Wasm module once per process
async function instantiateWasm() {
  // Rust panics are reported through this global; without it a panic surfaces as a TypeError.
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(m) {
      console.error(`schema-engine-wasm panic: ${m}`);
    },
  };
  const require = createRequire(import.meta.url);
  const bg = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmFile = require.resolve('@prisma/schema-engine-wasm').replace(/schema_engine\.js$/, 'schema_engine_bg.wasm');
  // The engine arms a timer (advisory-lock timeout) it never clears; unref it so node/jest can exit.
  const imports = { ...bg };
  for (const k of Object.keys(bg))
    if (k.startsWith('__wbg_setTimeout_'))
      imports[k] = (f, ms) => {
        const t = bg[k](f, ms);
        t?.unref?.();
        return t;
      };
  const { instance } = await WebAssembly.instantiate(await readFile(wasmFile), { './schema_engine_bg.js': imports });
  bg.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return bg;
}

export async function loadEngine(url = process.env.DATABASE_URL, log = () => {}, factory = undefined) {
  if (!url && !factory) throw new Error('DATABASE_URL is not set');
  const bg = await (wasmReady ??= instantiateWasm());
  const files = await schemaFiles();
  factory ??= adapterFactory(url);
  const engine = await bg.SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content]) },
    log,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  const close = async () => {
    engine.free();
    await factory.close?.();
  };
  return { engine, files, close };
}

async function schemaFiles() {
  if (!(await stat(SCHEMA)).isDirectory()) return [{ path: SCHEMA, content: await readFile(SCHEMA, 'utf8') }];
  const names = (await readdir(SCHEMA)).filter((n) => n.endsWith('.prisma')).sort();
  return Promise.all(
    names.map(async (n) => ({ path: `${SCHEMA}/${n}`, content: await readFile(`${SCHEMA}/${n}`, 'utf8') })),
  );
}

/** SQL that would bring the migrations up to schema.prisma; '-- This is an empty migration.' when they agree. */
export async function diff(url) {
  const { engine, files, close } = await loadEngine(url);
  try {
    const r = await engine.diff({
      from: { tag: 'migrations', ...(await migrationsList()) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters,
    });
    return r.stdout ?? '';
  } finally {
    await close();
  }
}

export async function migrationsList() {
  await mkdir(MIGRATIONS, { recursive: true });
  const lock = `${MIGRATIONS}/migration_lock.toml`;
  const lockContent = await readFile(lock, 'utf8').catch(async () => {
    const c =
      '# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "postgresql"\n';
    await writeFile(lock, c);
    return c;
  });
  const dirs = (await readdir(MIGRATIONS, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return {
    baseDir: MIGRATIONS,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      dirs.map(async (d) => ({
        path: d,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(`${MIGRATIONS}/${d}/migration.sql`, 'utf8').then(
            (value) => ({ tag: 'ok', value }),
            (e) => ({ tag: 'error', value: String(e) }),
          ),
        },
      })),
    ),
  };
}

export async function deploy(url, factory) {
  const { engine, close } = await loadEngine(url, undefined, factory);
  try {
    return (await engine.applyMigrations({ migrationsList: await migrationsList(), filters })).appliedMigrationNames;
  } finally {
    await close();
  }
}

async function main() {
  const [cmd, name] = process.argv.slice(2);
  const { engine, files } = await loadEngine();
  const list = await migrationsList();
  switch (cmd) {
    case 'deploy': {
      const r = await engine.applyMigrations({ migrationsList: list, filters });
      console.log(
        r.appliedMigrationNames.length ? `Applied: ${r.appliedMigrationNames.join(', ')}` : 'No pending migrations.',
      );
      break;
    }
    case 'new':
    case 'diff': {
      // SQL from (migrations replayed on a shadow DB) to (schema.prisma)
      const r = await engine.diff({
        from: { tag: 'migrations', ...list },
        to: { tag: 'schemaDatamodel', files },
        script: true,
        exitCode: null,
        filters,
      });
      const sql = r.stdout ?? '';
      if (cmd === 'diff') {
        process.stdout.write(sql);
        break;
      }
      if (/^-- This is an empty migration\.\s*$/.test(sql)) {
        console.log('Schema unchanged; no migration created.');
        break;
      }
      const ts = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
      const dir = `${MIGRATIONS}/${ts}_${(name ?? 'migration').replace(/\W+/g, '_')}`;
      await mkdir(dir, { recursive: true });
      await writeFile(`${dir}/migration.sql`, sql);
      console.log(`Created ${dir}/migration.sql`);
      break;
    }
    case 'push': {
      const r = await engine.schemaPush({ force: process.argv.includes('--force'), schema: { files }, filters });
      console.log(JSON.stringify(r));
      break;
    }
    case 'status': {
      console.log(
        JSON.stringify(
          await engine.diagnoseMigrationHistory({ migrationsList: list, optInToShadowDatabase: false, filters }),
          null,
          2,
        ),
      );
      break;
    }
    default:
      console.error('usage: prisma-wasm.mjs deploy | new NAME | diff | push [--force] | status');
      process.exitCode = 2;
  }
}
if (import.meta.url === `file://${process.argv[1]}`)
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (e) => {
      console.error(e?.message ?? e);
      process.exit(1);
    },
  );
