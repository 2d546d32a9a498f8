// Keeps the last result of each 测试 in 钉钉设置, which the setup checks read (never tested, failed, or stale).
import type { Deps } from '../../deps';

export async function recordTestResult(
  deps: Pick<Deps, 'db'>,
  target: string,
  r: { ok: boolean; message: string; code?: string | number },
  testedById: number | null,
): Promise<void> {
  const data = {
    ok: r.ok,
    message: r.message.slice(0, 2000),
    code: r.code === undefined ? null : String(r.code).slice(0, 100),
    testedAt: new Date(),
    testedById,
  };
  await deps.db.setupTestResult.upsert({ where: { target }, create: { target, ...data }, update: data });
}

export async function lastTestResult(deps: Pick<Deps, 'db'>, target: string) {
  const r = await deps.db.setupTestResult.findUnique({ where: { target } });
  return r ? { ok: r.ok, message: r.message, code: r.code, testedAt: r.testedAt.toISOString() } : null;
}
