/**
 * Crash test: 2,000 distinct work notifications; the worker PROCESS (tsx server/main.ts worker) is killed
 * with SIGKILL part-way and restarted, and Redis (no persistence: every job is lost) is restarted once.
 * Afterwards every user has exactly one delivered message in the emulator.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { closeDeps, type Deps } from '../../deps';
import { startTestEmulator, type TestEmulator } from '../../../test/support/emulator';
import { testDeps } from '../../../test/support/app';
import { formatDecimal } from '../../../shared/money';
import { enqueueNotifications } from './outbox';

const root = path.resolve(__dirname, '../../..');

/** A private, throwaway redis-server (no persistence), so restarting it loses every job and touches no other test. */
async function startRedis(opts: { port?: number } = {}) {
  const bin =
    process.env.REDIS_SERVER_BIN ??
    ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p)) ??
    'redis-server';
  const port =
    opts.port ??
    (await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const a = s.address() as net.AddressInfo;
        s.close(() => resolve(a.port));
      });
    }));
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.once('exit', (c) => reject(new Error(`redis-server exited ${c}: ${out}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
  });
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGKILL');
      }),
  };
}
const N = 2000;
const QPS = 100;

describe('notification pipeline survives a killed worker and a Redis restart', () => {
  let emu: TestEmulator;
  let redis: Awaited<ReturnType<typeof startRedis>>;
  let deps: Deps;
  let worker: ChildProcess | undefined;
  let workerLog = '';

  const startWorker = () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'worker'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...emu.env,
        REDIS_URL: redis.url,
        DATABASE_URL: process.env.DATABASE_URL,
        REDIS_PREFIX: deps.prefix,
        LOG_LEVEL: 'warn',
        NOTIFY_QPS: String(QPS),
        NOTIFY_RECONCILE_QPS: String(QPS),
        NOTIFY_CONCURRENCY: '16',
        NOTIFY_RELAY_INTERVAL_MS: '100',
        NOTIFY_SWEEP_INTERVAL_MS: '1000',
        NOTIFY_STUCK_AFTER_MS: '3000',
        NOTIFY_INFLIGHT_GRACE_MS: '2500',
        NOTIFY_LOCK_MS: '3000',
        NOTIFY_BACKOFF_MS: '200',
        NOTIFY_RECONCILE_DELAY_MS: '500',
        NOTIFY_CALL_TIMEOUT_MS: '2000',
      },
    });
    child.stdout?.on('data', (d: Buffer) => {
      workerLog += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      workerLog += d.toString();
    });
    return child;
  };
  const delivered = async () => (await emu.workNotifications()).filter((i) => i.delivered).length;
  const waitFor = async (what: string, cond: () => Promise<boolean>, ms: number) => {
    const end = Date.now() + ms;
    while (!(await cond())) {
      if (Date.now() > end) {
        const rows = await deps.db.notification.groupBy({ by: ['status', 'outcome'], _count: { _all: true } });
        throw new Error(
          `timed out waiting for ${what}: delivered ${await delivered()}, rows ${JSON.stringify(rows)}\n${workerLog.slice(-3000)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    redis = await startRedis();
    emu = await startTestEmulator({ qpsLimit: QPS });
    deps = testDeps({ ...emu.env, REDIS_URL: redis.url });
    deps.redis.on('error', () => undefined); // the restart below drops the connection on purpose
    await deps.db.notification.deleteMany({});
    await emu.addUsers(Array.from({ length: N }, (_, i) => ({ userid: `c${i}`, name: `合伙人${i}` })));
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker!.once('exit', r));
    }
    await closeDeps(deps);
    await emu.close();
    await redis.stop();
  });

  it('delivers every notification exactly once', async () => {
    const t0 = Date.now();
    await enqueueNotifications(
      deps.db,
      Array.from({ length: N }, (_, i) => ({
        channel: 'WORK' as const,
        kind: 'distribution',
        dingUserId: `c${i}`,
        dedupeKey: `crash-${i}`,
        msg: {
          msgtype: 'text' as const,
          text: {
            content: `分配通知：靖江项目 2026年第一次分配，您的分配金额 ¥${(1000 + i).toLocaleString('en-US')}.00（2026-11-21）`,
          },
        },
      })),
    );

    worker = startWorker();
    await waitFor('first deliveries', async () => (await delivered()) >= 400, 60_000);
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    const atKill = await delivered();
    const sendingAtKill = await deps.db.notification.count({ where: { status: 'SENDING' } });

    worker = startWorker();
    await waitFor('more deliveries', async () => (await delivered()) >= 1200, 60_000);
    const port = redis.port;
    await redis.stop();
    await new Promise((r) => setTimeout(r, 500));
    redis = await startRedis({ port });
    const atRedisRestart = await delivered();

    await waitFor(
      'all rows settled',
      async () =>
        (await deps.db.notification.count({ where: { status: { in: ['PENDING', 'QUEUED', 'SENDING', 'SENT'] } } })) ===
        0,
      90_000,
    );
    const elapsed = Date.now() - t0;

    const items = await emu.workNotifications();
    const perUser = new Map<string, number>();
    for (const i of items) if (i.delivered) perUser.set(i.userid, (perUser.get(i.userid) ?? 0) + 1);
    const wrong = Array.from({ length: N }, (_, i) => `c${i}`).filter((u) => perUser.get(u) !== 1);
    const rows = await deps.db.notification.groupBy({ by: ['status', 'outcome'], _count: { _all: true } });
    process.stdout.write(
      `[crash] ${N} notifications in ${formatDecimal(elapsed / 1000, 1)} s; killed worker at ${atKill} delivered (${sendingAtKill} rows SENDING), Redis restarted at ${atRedisRestart}; ` +
        `emulator received ${items.length} (${items.length - N} dropped as same-day duplicates); rows: ${rows.map((r) => `${r.status}/${r.outcome}=${r._count._all}`).join(', ')}\n`,
    );
    expect(wrong).toEqual([]);
    expect(await deps.db.notification.count({ where: { status: 'DELIVERED' } })).toBe(N);
  }, 170_000);
});
