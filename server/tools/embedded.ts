import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import net from 'node:net';

import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Config } from '../config';
import type { Logger } from '../lib/logger';

type ServicesModule = typeof import('./services.mjs');
const services = (): Promise<ServicesModule> => import('./services.mjs');

export interface EmbeddedServices {
  databaseUrl: string;
  redisUrl: string;
  stop: () => Promise<void>;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

/**
 * PostgreSQL runs as the 'postgres' user when we are root, so every parent of its data folder must be
 * world-traversable. A checkout under /root (mode 700) is not: use a folder under /var/tmp instead.
 */
function pgDataDir(dataDir: string, log: Logger): string {
  const wanted = path.resolve(dataDir, 'pg');
  if (process.getuid?.() !== 0) return wanted;
  let dir = path.dirname(wanted);
  while (dir !== path.dirname(dir)) {
    try {
      if (!(statSync(dir).mode & 0o001)) {
        const alt = path.join('/var/tmp', `gentou-pg-${createHash('sha1').update(wanted).digest('hex').slice(0, 10)}`);
        log.warn(
          { wanted, alt, blockedBy: dir },
          'data folder not traversable by the postgres user; using another folder',
        );
        return alt;
      }
    } catch {
      /* not created yet */
    }
    dir = path.dirname(dir);
  }
  return wanted;
}

/**
 * Starts what is missing: an embedded PostgreSQL (data under DATA_DIR/pg) and the system's redis-server
 * (AOF under DATA_DIR/redis). A server already listening on the embedded port (another `npm start`,
 * `npm run db:seed` while the product runs) is reused, not started twice.
 */
export async function startEmbeddedServices(config: Config, log: Logger): Promise<EmbeddedServices> {
  const svc = await services();
  const stops: Array<() => Promise<unknown>> = [];
  let databaseUrl = config.DATABASE_URL;
  let redisUrl = config.REDIS_URL;
  // redis-server first (installed with apt-get when missing, or a clear error), so a failure leaves no PostgreSQL behind
  if (!redisUrl && !(await portOpen(config.EMBEDDED_REDIS_PORT))) svc.ensureRedisServer({ purpose: 'npm start' });
  // the Chinese fonts the agreement PDFs embed (a warning, not a stop, when they cannot be installed)
  svc.ensurePdfFonts({ purpose: 'npm start' });
  if (!databaseUrl) {
    const port = config.EMBEDDED_PG_PORT;
    if (await portOpen(port)) {
      databaseUrl = `postgresql://postgres:postgres@127.0.0.1:${port}/gentou`;
      await svc.ensureDatabase({ port, database: 'gentou' });
      log.info({ port }, 'using the embedded PostgreSQL already running');
    } else {
      const dataDir = pgDataDir(config.DATA_DIR, log);
      mkdirSync(dataDir, { recursive: true });
      const pg = await svc.startPostgres({ dataDir, port, database: 'gentou' });
      databaseUrl = pg.url;
      stops.push(pg.stop);
      log.info({ dataDir, port }, 'embedded PostgreSQL started');
    }
  }
  if (!redisUrl) {
    const port = config.EMBEDDED_REDIS_PORT;
    if (await portOpen(port)) {
      redisUrl = `redis://127.0.0.1:${port}`;
      log.info({ port }, 'using the local redis-server already running');
    } else {
      const dataDir = path.resolve(config.DATA_DIR, 'redis');
      mkdirSync(dataDir, { recursive: true });
      accessSync(dataDir, constants.W_OK);
      const r = await svc.startRedis({ port, dataDir });
      redisUrl = r.url;
      stops.push(r.stop);
      log.info({ port, dataDir }, 'redis-server started');
    }
  }
  return {
    databaseUrl,
    redisUrl,
    stop: async () => {
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}

export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  const { deploy } = await import('./prisma-wasm.mjs');
  return deploy(databaseUrl);
}
