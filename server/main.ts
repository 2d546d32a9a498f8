/**
 * Process entry. One binary, several roles, so API instances and workers scale out as separate processes
 * on the same PostgreSQL and Redis:
 *   all       API + workers (+ DingTalk emulator and embedded services when not configured)   ← npm start
 *   api       HTTP API only            worker    BullMQ workers only
 *   emulator  the DingTalk emulator (development only: `npm run build` leaves it out)
 *   migrate   apply pending migrations    seed   load demo data
 *   first-business-admin <username> <姓名> [手机号]   the first 业务管理员 of a fresh install (none active yet)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { closeDeps, createDeps } from './deps';
import { createLogger, type Logger } from './lib/logger';
import { startWorkers } from './jobs/worker';
import { hasAnyData, seedDemo } from './seed/seed';
import { applyMigrations, startEmbeddedServices } from './tools/embedded';
import { createFirstBusinessAdmin } from './modules/duties/first-business-admin';

const MODES = ['all', 'api', 'worker', 'emulator', 'migrate', 'seed', 'first-business-admin'] as const;
type Mode = (typeof MODES)[number];

async function resolveServices(config: Config, log: Logger, mode: Mode) {
  if (config.DATABASE_URL && config.REDIS_URL)
    return { databaseUrl: config.DATABASE_URL, redisUrl: config.REDIS_URL, stop: async () => {} };
  if (mode === 'api' || mode === 'worker') {
    // Scaled-out processes must share one database and one Redis: never start private ones.
    throw new ConfigError(
      `配置错误 / invalid configuration: ${config.DATABASE_URL ? 'REDIS_URL' : 'DATABASE_URL'} must be set in '${mode}' mode (embedded services are for 'all' only)`,
    );
  }
  return startEmbeddedServices(config, log);
}

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? 'all') as Mode;
  if (!MODES.includes(mode)) throw new ConfigError(`unknown mode '${mode}'; use one of: ${MODES.join(', ')}`);
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);

  if (mode === 'emulator') {
    const emulator = await loadEmulator();
    if (!emulator) throw new ConfigError(EMULATOR_NOT_SHIPPED);
    const emu = await emulator.startEmulator({
      port: config.EMULATOR_PORT,
      host: config.HOST,
      callbackUrl: process.env.EMULATOR_CALLBACK_URL ?? `http://127.0.0.1:${config.PORT}/api/dingtalk/callback`,
      logger,
    });
    logger.info({ url: emu.url }, 'DingTalk emulator listening');
    onShutdown(logger, [emu.close]);
    return;
  }

  // before any service starts, so a build without the emulator stops at once when it is asked for
  const wantEmulator = mode === 'all' && (config.START_EMULATOR ?? !process.env.DINGTALK_OAPI_BASE_URL);
  const emulator = wantEmulator ? await loadEmulator() : undefined;
  if (wantEmulator && !emulator) {
    if (config.START_EMULATOR) throw new ConfigError(EMULATOR_NOT_SHIPPED);
    logger.warn(EMULATOR_NOT_SHIPPED);
  }
  const services = await resolveServices(config, logger, mode);
  const stops: Array<() => Promise<unknown>> = [];
  try {
    if (mode !== 'api' && mode !== 'worker') {
      const applied = await applyMigrations(services.databaseUrl);
      logger.info({ applied }, applied.length ? 'migrations applied' : 'database schema up to date');
      if (mode === 'migrate')
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
    }
    const deps = createDeps(config, logger, services);
    stops.push(() => closeDeps(deps));

    if (mode === 'migrate') return await finish(stops, services.stop);
    if (mode === 'first-business-admin') {
      const [username, name, mobile] = process.argv.slice(3);
      if (!username || !name) throw new ConfigError('usage: first-business-admin <username> <姓名> [手机号]');
      const r = await createFirstBusinessAdmin(deps.db, { username, name, mobile });
      process.stdout.write(
        `业务管理员 ${r.username} 已创建。初始密码（仅显示一次，首次登录须修改）/ initial password: ${r.initialPassword}\n`,
      );
      return await finish(stops, services.stop);
    }
    if (
      mode === 'seed' ||
      (mode === 'all' && (config.SEED_DEMO ?? config.embedded.postgres) && !(await hasAnyData(deps.db)))
    ) {
      const r = await seedDemo(deps.db);
      logger.info(r, 'demo data loaded');
      if (mode === 'seed')
        process.stdout.write(
          `Demo data: ${r.orgUnits} org units, ${r.projects} projects, ${r.users} users, ${r.grants} grants (idempotent)\n`,
        );
      if (mode === 'seed') return await finish(stops, services.stop);
    }

    const urls: Record<string, string> = {};
    if (emulator) {
      const emu = await emulator.startEmulator({
        port: config.EMULATOR_PORT,
        host: '127.0.0.1',
        callbackUrl: process.env.EMULATOR_CALLBACK_URL ?? `http://127.0.0.1:${config.PORT}/api/dingtalk/callback`,
        logger,
      });
      stops.unshift(emu.close);
      urls.emulator = emu.url;
    }
    if (mode === 'all' || mode === 'worker') {
      const workers = await startWorkers(deps, services.redisUrl, { exports: 'process' });
      stops.unshift(workers.close);
    }
    if (mode === 'all') buildConsoleInBackground(logger);
    if (mode === 'all' || mode === 'api') {
      const server: Server = createApp(deps).listen(config.PORT, config.HOST);
      await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
      const { port } = server.address() as { port: number };
      const base = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
      urls.api = base;
      urls.health = `${base}/healthz`;
      urls.console = `${base}/console/`;
      stops.unshift(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
    }
    stops.push(services.stop);
    logger.info({ mode, ...urls }, '事业合伙管理系统 ready');
    if (process.stdout.isTTY)
      for (const [k, v] of Object.entries(urls)) process.stdout.write(`  ${k.padEnd(9)} ${v}\n`);
    onShutdown(logger, stops);
  } catch (err) {
    await finish(stops, services.stop).catch(() => undefined);
    throw err;
  }
}

const EMULATOR_NOT_SHIPPED =
  'the DingTalk emulator is a development tool and is not part of the production build; run it with `npx tsx server/main.ts emulator`';

/** What main needs of server/emulator/app.ts, named here so that the build does not pull the emulator in. */
interface EmulatorModule {
  startEmulator(opts: {
    port: number;
    host?: string;
    callbackUrl?: string;
    logger?: Logger;
  }): Promise<{ url: string; close: () => Promise<void> }>;
}
const EMULATOR_MODULE = './emulator/app';

/**
 * The emulator is imported only when it is started, and `npm run build` does not compile it
 * (server/tsconfig.build.json), so production never carries it. A path TypeScript does not follow keeps it out of
 * the compiled program. undefined: this is the compiled build.
 */
async function loadEmulator(): Promise<EmulatorModule | undefined> {
  try {
    return (await import(EMULATOR_MODULE)) as EmulatorModule;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    const missing = e.code === 'MODULE_NOT_FOUND' || e.code === 'ERR_MODULE_NOT_FOUND';
    if (missing && String(e.message).includes(EMULATOR_MODULE)) return undefined;
    throw err;
  }
}

/**
 * `npm start` on a fresh checkout: the web console is built in the background (about 20 s) so the API is up at
 * once; /console says so until the build is there. Deployments build it beforehand with `npm run build`.
 */
function buildConsoleInBackground(logger: Logger): void {
  const root = path.resolve(__dirname, '..');
  if (
    existsSync(path.join(root, 'dist/console/index.html')) ||
    !existsSync(path.join(root, 'server/console/vite.config.mts'))
  )
    return;
  logger.info('building the web console in the background (npm run build:console)');
  const child = spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build:console'], {
    cwd: root,
    stdio: 'ignore',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  child.on('exit', (code) =>
    code === 0
      ? logger.info('web console built: /console/')
      : logger.warn({ code }, 'web console build failed; run npm run build:console'),
  );
  child.unref();
}

async function finish(stops: Array<() => Promise<unknown>>, stopServices: () => Promise<void>) {
  for (const s of stops) await s();
  await stopServices();
}

/** SIGTERM/SIGINT: stop taking requests, let workers finish their current job, close Prisma and Redis. */
function onShutdown(logger: Logger, stops: Array<() => Promise<unknown>>) {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    for (const stop of stops) await stop().catch((err) => logger.error({ err }, 'error while shutting down'));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    (err instanceof Error && ['RedisMissingError', 'SystemPackageError'].includes(err.name))
  ) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(
      `启动失败 / failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
  process.exit(1);
});
