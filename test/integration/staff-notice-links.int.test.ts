/**
 * Every notice to staff carries a link to the screen of the next action. Each row of the table makes the event happen
 * through the product (the API, the daily schedule, the contact change), then reads what the DingTalk emulator
 * received — a work notice's action card (its PC link: the whole-card link, or the button into the console) or a
 * 待办's `detailUrl.pcUrl` — and checks the address is the console route of what follows. The browser walk
 * (test/console/walk.int.test.ts) opens several of these links and checks the tab they land on.
 */
import { startWorkers, type RunningWorkers } from '../../server/jobs/worker';
import { seedDemo } from '../../server/seed/seed';
import { consoleUrl } from '../../server/lib/console-url';
import { markLeft } from '../../server/modules/contacts/mark-user-left';
import { runDailyPaymentDuties } from '../../server/modules/payments/run-daily-payment-duties';
import { shanghaiDay } from '../../shared/datetime';
import { startTestApp, testDeps, type TestApp } from '../support/app';
import { startTestEmulator, type TestEmulator } from '../support/emulator';
import { eventually } from '../support/eventually';
import { CoInvestmentFixtures, type OpenRound, type PaymentDueRow } from '../support/miniapp-fixtures';
import { createAndCalculate } from '../support/distribution-fixtures';

jest.setTimeout(120_000);

let emu: TestEmulator;
let t: TestApp;
let workers: RunningWorkers;
let fx: CoInvestmentFixtures;
let pid = 0;
let round: OpenRound;
let reviewId = 0;
let dues: PaymentDueRow[] = [];

beforeAll(async () => {
  emu = await startTestEmulator();
  t = await startTestApp({ deps: testDeps({ ...emu.env, NOTIFY_RELAY_INTERVAL_MS: '100' }) });
  await emu.configure({ callbackUrl: `${t.base}/api/dingtalk/callback` });
  await seedDemo(t.deps.db);
  workers = await startWorkers(t.deps, t.deps.redisUrl);
  fx = await new CoInvestmentFixtures(t, emu).init();
  pid = await fx.project('通知链接', { confirmPeak: false });
  round = await fx.openRound(
    pid,
    ['u1001', 'u1002'].map((userid) => ({ userid, level: 'CITY', category: 'MANDATORY', min: '10000', max: '100000' })),
    15_000, // room for the subscriptions on a busy machine
  );
  await fx.subscribe('u1001', pid, '100000');
  await fx.subscribe('u1002', pid, '50000');
  await fx.pastDeadlines([round]);
});
afterAll(async () => {
  await workers?.close();
  await t?.close();
  await emu?.close();
});

const dingId = async (username: string) =>
  (await t.deps.db.user.findUniqueOrThrow({ where: { username } })).dingUserId!;

type Card = {
  title: string;
  markdown: string;
  single_title?: string;
  single_url?: string;
  btn_json_list?: { title: string; action_url: string }[];
};

/** The PC link of the newest work notice to `username` whose card says `text`: the card's console address. */
async function cardLink(username: string, text: string): Promise<string> {
  const userid = await dingId(username);
  return eventually(async () => {
    const card = (await emu.workNotifications(userid))
      .map((n) => (n.msg as { action_card?: Card }).action_card)
      .filter((c): c is Card => !!c && `${c.title}\n${c.markdown}`.includes(text))
      .at(-1);
    if (!card) throw new Error(`no card to ${username} saying ${text}`);
    const links = [card.single_url, ...(card.btn_json_list ?? []).map((b) => b.action_url)].filter(
      (u): u is string => !!u && /^https?:/.test(u),
    );
    if (links.length !== 1) throw new Error(`card "${card.title}" has ${links.length} console links`);
    return consolePath(links[0]!);
  }, 20_000);
}

/** The PC link of the newest open 待办 of `username` whose subject says `text`. */
async function todoLink(username: string, text: string): Promise<string> {
  const userid = await dingId(username);
  return eventually(async () => {
    const todo = (await emu.todos({ userid })).filter((x) => x.subject.includes(text) && !x.done).at(-1) as unknown as
      { detailUrl: { pcUrl: string } } | undefined;
    if (!todo) throw new Error(`no todo to ${username} saying ${text}`);
    return consolePath(todo.detailUrl.pcUrl);
  }, 20_000);
}

/** `<public URL>/console/business/payments?projectId=3` → `business/payments?projectId=3` (the route and its query). */
function consolePath(url: string): string {
  const base = consoleUrl(t.deps, '');
  expect(url.startsWith(base)).toBe(true);
  return url.slice(base.length);
}

const ROWS: Array<{ notice: string; act: () => Promise<void>; link: () => Promise<string>; route: () => string }> = [
  {
    notice: '资金峰值流程完成 → 发起人: 合伙名单（新建认购轮次）',
    act: () => fx.confirmPeak(pid),
    link: () => cardLink('hhkj', '项目资金峰值'),
    route: () => `business/partners?projectId=${pid}`,
  },
  {
    notice: '送审 → 业务管理员的待办: 方案审核, on that review',
    act: async () => {
      reviewId = await fx.calculateAndSubmit(round);
    },
    link: () => todoLink('hhadmin', '待审核'),
    route: () => `business/review?reviewId=${reviewId}`,
  },
  {
    notice: '送审 → 业务管理员的工作通知: its PC button opens the same review',
    act: async () => undefined,
    link: () => cardLink('hhadmin', `#${reviewId}`),
    route: () => `business/review?reviewId=${reviewId}`,
  },
  {
    notice: '方案审核驳回 → 送审人: 认购明细 / 测算 (修改后重新送审)',
    act: async () => {
      expect((await fx.reviewer.post(`/api/reviews/${reviewId}/reject`, { reason: '请核对' })).status).toBe(200);
    },
    link: () => cardLink('hhkj', '已驳回'),
    route: () => `business/calc?projectId=${pid}`,
  },
  {
    notice: '方案审核通过 → 送审人: 项目流程 (发起事业合伙立项)',
    act: async () => {
      const again = await fx.accountant.post(`/api/projects/${pid}/rounds/${round.roundId}/submit`);
      expect(again.status).toBe(200);
      reviewId = again.data.id;
      expect((await fx.reviewer.post(`/api/reviews/${reviewId}/approve`, {})).status).toBe(200);
    },
    link: () => cardLink('hhkj', '审核通过'),
    route: () => `business/flows?projectId=${pid}`,
  },
  {
    notice: '事业合伙立项完成 → 发起人: 缴款 (发送缴款通知)',
    act: async () => {
      const flow = await fx.accountant.post(`/api/projects/${pid}/flows/SCHEME_APPROVAL/start`);
      expect(flow.status).toBe(201);
      await emu.completeApproval(flow.data.instanceId, 'agree');
    },
    link: () => cardLink('hhkj', '应缴金额已生成'),
    route: () => `business/payments?projectId=${pid}`,
  },
  {
    notice: '合伙人我已打款 → 经营会计: 缴款 (核对到账后确认)',
    act: async () => {
      expect(
        (await fx.accountant.post(`/api/projects/${pid}/rounds/${round.roundId}/payment-notices`, { test: false }))
          .status,
      ).toBe(200);
      dues = (await fx.accountant.get(`/api/projects/${pid}/payments`)).data;
      const due = dues.find((d) => d.user.id === fx.userId('u1001'))!;
      const form = new FormData();
      const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
      form.append('file', new Blob([png]), 'receipt.png');
      expect((await (await fx.partner('u1001')).post(`/api/me/payment-notices/${due.id}/receipts`, form)).status).toBe(
        200,
      );
    },
    link: () => cardLink('hhkj', '已标记打款'),
    route: () => `business/payments?projectId=${pid}`,
  },
  {
    notice: '缴款逾期 → 经营会计: 缴款 (催缴)',
    act: async () => {
      await t.deps.db.paymentDue.updateMany({
        where: { projectId: pid },
        data: { dueDate: new Date(`${shanghaiDay(Date.now() - 3 * 86_400_000)}T00:00:00Z`) },
      });
      await runDailyPaymentDuties(t.deps);
    },
    link: () => cardLink('hhkj', '逾期未缴'),
    route: () => `business/payments?projectId=${pid}`,
  },
  {
    notice: '分配批次送审 → 业务管理员的待办: 方案审核, on that review',
    act: async () => {
      for (const d of dues)
        await fx.confirmPayment(
          pid,
          (await fx.accountant.get(`/api/projects/${pid}/payments`)).data.find((x: PaymentDueRow) => x.id === d.id),
          String(d.amountDue),
          shanghaiDay(),
        );
      const { ref } = await createAndCalculate(fx.accountant, pid, {
        kind: 'PROFIT',
        date: shanghaiDay(),
        profit: { mode: 'ENTERED', amount: '10000.00' },
      });
      const version = (await fx.accountant.get(ref.url)).data.version;
      const submitted = await fx.accountant.post(`${ref.url}/submit`, { version });
      expect(submitted.status).toBe(200);
      reviewId = submitted.data.reviewId;
    },
    link: () => todoLink('hhadmin', '待审核'),
    route: () => `business/review?reviewId=${reviewId}`,
  },
  {
    notice: '分配审核通过 → 送审人: 项目流程 (发起利润分配流程)',
    act: async () => {
      const review = (await fx.reviewer.get(`/api/reviews/${reviewId}`)).data;
      expect((await fx.reviewer.post(`/api/reviews/${reviewId}/approve`, { version: review.version })).status).toBe(
        200,
      );
    },
    link: () => cardLink('hhkj', '利润分配'),
    route: () => `business/flows?projectId=${pid}`,
  },
  {
    notice: '合伙人离职 → 经营会计的待办: 退出流程, with the partner, 离职 and the date filled in',
    act: async () => {
      await markLeft(t.deps, fx.userId('u1002'));
    },
    link: () => todoLink('hhkj', '合伙人已离职'),
    route: () =>
      `business/exits?projectId=${pid}&userId=${fx.userId('u1002')}&exitType=RESIGNATION&exitDate=${shanghaiDay()}`,
  },
];

for (const row of ROWS)
  it(row.notice, async () => {
    await row.act();
    // the newest card or todo may still be the previous step's for a moment: the queue closes an old todo and
    // sends the new one independently, so wait for the expected address and report the last one seen
    let last = '';
    await eventually(async () => {
      last = await row.link();
      if (last !== row.route()) throw new Error(`still ${last}`);
    }, 20_000).catch(() => undefined);
    expect(last).toBe(row.route());
  });

it('every address above is served by the console (the page DingTalk PC opens)', async () => {
  const res = await t.http.get(`/console/business/payments?projectId=${pid}`);
  expect(res.status).toBe(200);
  expect(String(res.data)).toContain('<div id="root">');
});
