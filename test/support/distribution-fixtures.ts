/**
 * Distribution data for the page tests and the integration tests: a project's capital ledger written directly with
 * `appendCapitalEntries` (the subscription path has its own tests), then batches taken through the BFF the way the
 * accountant and the business admin do — create, 测算, 送审, 审核通过, the 利润分配 / 本金分配 flow completed in the
 * DingTalk emulator — until their 分配通知 are out.
 */
import type { AxiosInstance } from 'axios';
import { dec } from '../../shared/money';
import { appendCapitalEntries } from '../../server/modules/capital/append-capital-entries';
import { systemActor } from '../../server/lib/audit';
import type { TestApp } from './app';
import type { TestEmulator } from './emulator';
import { eventually } from './eventually';

type Http = AxiosInstance & { token: string };
type Level = 'HOLDING' | 'GROUP' | 'CITY' | 'OTHER';

export interface Holding {
  userId: number | null;
  level?: Level;
  /** paid tranches: [amount, date] */
  tranches: Array<[string, string]>;
}

/** Commitments and paid tranches in the ledger, as a confirmed 立项 and its payments would leave them. */
export async function writeLedger(t: TestApp, projectId: number, holdings: Holding[], tag = 'fx'): Promise<void> {
  await t.deps.db.$transaction((tx) =>
    appendCapitalEntries(tx, {
      projectId,
      actor: systemActor('测试'),
      reason: '测试台账',
      entries: holdings.flatMap((h, i) => {
        const base = {
          level: h.level ?? ('CITY' as const),
          holder: h.userId === null ? ('PLATFORM' as const) : ('PARTNER' as const),
          userId: h.userId,
          interestDelta: dec(0),
        };
        const committed = h.tranches.reduce((s, [a]) => s.plus(dec(a)), dec(0));
        return [
          {
            ...base,
            kind: 'COMMITMENT' as const,
            committedDelta: committed,
            paidDelta: dec(0),
            valueDate: h.tranches[0]![1],
            idempotencyKey: `${tag}:commit:${projectId}:${i}`,
          },
          ...h.tranches.map(([amount, date], k) => ({
            ...base,
            kind: 'PAYMENT' as const,
            committedDelta: dec(0),
            paidDelta: dec(amount),
            valueDate: date,
            idempotencyKey: `${tag}:pay:${projectId}:${i}:${k}`,
          })),
        ];
      }),
    }),
  );
}

function ok<T extends { status: number; data: unknown }>(res: T, status: number, what: string): T {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.data)}`);
  return res;
}

export interface BatchRef {
  id: number;
  url: string;
}

/** 新建 a batch and 测算 it; the calculated detail. */
export async function createAndCalculate(acct: Http, projectId: number, body: Record<string, unknown>) {
  const created = ok(await acct.post(`/api/projects/${projectId}/distributions`, body), 201, 'create batch');
  const url = `/api/projects/${projectId}/distributions/${created.data.id}`;
  const calc = ok(await acct.post(`${url}/calculate`, { version: created.data.version }), 200, '测算');
  return { ref: { id: created.data.id as number, url }, detail: calc.data };
}

/** 送审 → 审核通过 → the flow started and agreed in the emulator; waits for the batch to reach `until`. */
export async function approveAndRunFlow(
  emu: TestEmulator,
  acct: Http,
  reviewer: Http,
  projectId: number,
  ref: BatchRef,
  flowType: string,
  until: 'NOTIFIED' | 'FLOW_DONE' = 'NOTIFIED',
) {
  const version = (await acct.get(ref.url)).data.version;
  const submitted = ok(await acct.post(`${ref.url}/submit`, { version }), 200, '送审');
  const review = (await reviewer.get(`/api/reviews/${submitted.data.reviewId}`)).data;
  ok(await reviewer.post(`/api/reviews/${submitted.data.reviewId}/approve`, { version: review.version }), 200, '审核');
  const flow = ok(await acct.post(`/api/projects/${projectId}/flows/${flowType}/start`), 201, `发起 ${flowType}`);
  await emu.completeApproval(flow.data.instanceId, 'agree');
  await eventually(async () => {
    const b = await acct.get(ref.url);
    if (b.data.status !== until) throw new Error(`batch ${b.data.status}, waiting for ${until}`);
  }, 20_000);
  return flow.data;
}

/** The action card of the 分配通知 a partner received for a batch (by its title). */
export async function distributionCard(emu: TestEmulator, userid: string, titlePart: string) {
  return eventually(async () => {
    const c = (await emu.workNotifications(userid))
      .map((n) => (n.msg as { action_card?: Record<string, string> }).action_card)
      .find((a) => a?.title?.includes(titlePart));
    if (!c) throw new Error(`no ${titlePart} notice for ${userid}`);
    return c;
  }, 20_000);
}
