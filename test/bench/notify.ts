/**
 * npm run bench:notify — 10,000 personalised work notifications through the whole pipeline (outbox →
 * relay → BullMQ with the QPS limiter → asyncsend_v2 on the emulator), measuring sent/s against the
 * emulator's per-app QPS limit.
 *
 *   BENCH_QPS      the emulator's limit and the pipeline's configured QPS (default 20, DingTalk's own)
 *   BENCH_COUNT    notices (default 10000)
 *   DATABASE_URL / REDIS_URL   use these instead of throwaway embedded services
 */
import path from 'node:path';
import os from 'node:os';
import { loadConfig } from '../../server/config';
import { closeDeps, createDeps } from '../../server/deps';
import { startEmulator } from '../../server/emulator/app';
import { createLogger } from '../../server/lib/logger';
import { createNotificationBatch, distinctText, enqueueNotifications } from '../../server/modules/notify/outbox';
import { startNotifyWorkers } from '../../server/modules/notify/workers';
import { applyMigrations } from '../../server/tools/embedded';
import { startPostgres, startRedis } from '../../server/tools/services.mjs';
import { formatDecimal } from '../../shared/money';

const QPS = Number(process.env.BENCH_QPS ?? 20);
const COUNT = Number(process.env.BENCH_COUNT ?? 10_000);

async function main() {
  const stops: Array<() => Promise<void>> = [];
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  if (!databaseUrl) {
    const pg = await startPostgres({
      dataDir: path.join(os.tmpdir(), `gentou-bench-pg-${process.pid}`),
      database: 'gentou_bench',
      persistent: false,
    });
    databaseUrl = pg.url;
    stops.push(pg.stop);
  }
  if (!redisUrl) {
    const r = await startRedis();
    redisUrl = r.url;
    stops.unshift(r.stop);
  }
  await applyMigrations(databaseUrl);
  const emu = await startEmulator({ port: 0, qpsLimit: QPS });
  stops.unshift(emu.close);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench${process.pid}`,
    DINGTALK_OAPI_BASE_URL: emu.url,
    DINGTALK_API_BASE_URL: emu.url,
  });
  const deps = createDeps(config, createLogger('warn'), { databaseUrl, redisUrl });
  stops.unshift(() => closeDeps(deps));

  for (let i = 0; i < COUNT; i++)
    emu.state.users.set(`b${i}`, {
      userid: `b${i}`,
      unionid: `union-b${i}`,
      name: `合伙人${i}`,
      mobile: '',
      deptIdList: [1],
      active: true,
      admin: false,
      boss: false,
      sysLevel: 0,
    });
  const batch = await createNotificationBatch(deps.db, { kind: 'payment_notice', title: `压测：${COUNT} 条缴款通知` });
  const tEnqueue = Date.now();
  for (let start = 0; start < COUNT; start += 1000) {
    await deps.db.$transaction((tx) =>
      enqueueNotifications(
        tx,
        Array.from({ length: Math.min(1000, COUNT - start) }, (_, k) => {
          const i = start + k;
          return {
            channel: 'WORK' as const,
            kind: 'payment_notice',
            dingUserId: `b${i}`,
            dedupeKey: `bench-${batch.id}-${i}`,
            msg: {
              msgtype: 'text' as const,
              text: {
                content: distinctText(`缴款通知：靖江项目，合伙人${i}`, {
                  date: new Date(),
                  amount: `${10_000 + i}.00`,
                }),
              },
            },
          };
        }),
        { batchId: batch.id },
      ),
    );
  }
  const enqueueMs = Date.now() - tEnqueue;

  const t0 = Date.now();
  const notify = startNotifyWorkers(deps, redisUrl, {
    qps: QPS,
    reconcileQps: QPS,
    concurrency: 32,
    reconcileDelayMs: 5000,
  });
  stops.unshift(notify.close);
  let last = 0;
  for (;;) {
    const sent = await deps.db.notification.count({
      where: { batchId: batch.id, status: { in: ['SENT', 'DELIVERED'] } },
    });
    if (sent !== last && Math.floor(sent / 1000) !== Math.floor(last / 1000))
      process.stdout.write(`  ${sent} sent after ${formatDecimal((Date.now() - t0) / 1000, 1)} s\n`);
    last = sent;
    if (sent >= COUNT) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const seconds = (Date.now() - t0) / 1000;
  const delivered = emu.state.workItems.filter((i) => i.delivered).length;
  const rate = COUNT / seconds;
  process.stdout.write(
    [
      '',
      `notifications       ${COUNT} personalised (distinct text: one asyncsend_v2 call each)`,
      `outbox write        ${enqueueMs} ms`,
      `sent in             ${formatDecimal(seconds, 1)} s`,
      `sent/s              ${formatDecimal(rate, 1)}`,
      `emulator limit      ${QPS} calls/s per app per API`,
      `ratio               ${formatDecimal(rate / QPS, 3)}`,
      `90018 answers       ${emu.state.stats.rateLimited} (rate-limited calls retried after worker.rateLimit)`,
      `delivered (emu)     ${delivered}`,
      '',
    ].join('\n'),
  );
  for (const s of stops) await s().catch(() => undefined);
  process.exit(delivered === COUNT ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
