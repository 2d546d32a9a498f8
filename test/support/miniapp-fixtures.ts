/**
 * Business data for the mini-program's page tests, made the way people make it — through the BFF's API, as
 * in test/integration/co-investment-spine.int.test.ts: the system admin creates a project under 澄靖直属项目公司
 * and grants the 环沪 city accountant, who enters the 立项 data (peak ¥100,000,000, 城市公司 0.2%, 置业集团 0.3%,
 * per-person cap ¥100,000, a payee account), opens a subscription round for some partners and sends the
 * 认购通知; partners subscribe with emulator auth codes; after the deadline the accountant runs 测算 and
 * 送审; the business admin approves; 事业合伙立项 is approved in DingTalk (the emulator), which confirms the
 * round and creates the amounts due; the 缴款通知 go out.
 */
import type { AxiosInstance } from 'axios';
import { shanghaiDay } from '../../shared/datetime';
import type { TestApp } from './app';
import { loginAs, withToken } from './auth';
import { approvePendingGrants } from './grants';
import type { TestEmulator } from './emulator';
import { eventually } from './eventually';

type Http = AxiosInstance & { token: string };

export interface PartnerSpec {
  /** DingTalk userid of a demo partner (u1001 …). */
  userid: string;
  level: 'HOLDING' | 'GROUP' | 'CITY' | 'OTHER';
  category: 'MANDATORY' | 'PRIORITY' | 'VOLUNTARY';
  min: string;
  max: string;
}

export interface OpenRound {
  projectId: number;
  roundId: number;
  deadline: string;
}
export interface PaymentDueRow {
  id: number;
  amountDue: string;
  dueDate: string;
  version: number;
  user: { id: number; name: string };
}

/** A 补缴 / 退款 due as the console lists it (shared/api/scheme-change.ts ZChangeDue). */
export interface ChangeDueRow {
  id: number;
  kind: 'TOPUP' | 'REFUND';
  level: string;
  user: { id: number; name: string };
  amountDue: string;
  paidAmount: string;
  outstanding: string;
  dueDate: string;
  status: string;
  version: number;
}

export interface PeakChangeSpec {
  peakCapital: string;
  groupRatio: string;
  cityRatio: string;
  reason: string;
  /** 立项调整 edits by the accountant before 送审: a partner's new commitment and why. */
  edits?: Array<{ userid: string; newCommitted: string; reason: string }>;
}

export const PAYEE = {
  payeeName: '靖江锦艺置业有限公司',
  payeeBank: '中国银行靖江支行',
  payeeAccount: '6217 0000 1234 5678',
} as const;

/** Fails with the BFF's own answer when a step does not give the expected status. */
function ok<T extends { status: number; data: unknown }>(res: T, status: number, what: string): T {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.data)}`);
  return res;
}

export class CoInvestmentFixtures {
  admin!: Http;
  /** 环沪会计-陈洁 (hhkj001), the city accountant. */
  accountant!: Http;
  /** 业务管理员 (hhadmin01), who decides 方案审核. */
  reviewer!: Http;
  private orgUnitId = 0;
  private grant: { roleId: number; userId: number } | null = null;
  private readonly userIds = new Map<string, number>();
  private readonly partners = new Map<string, Http>();

  constructor(
    readonly t: TestApp,
    readonly emu: TestEmulator,
  ) {}

  async init(): Promise<this> {
    [this.admin, this.accountant, this.reviewer] = await Promise.all([
      loginAs(this.t, 'admin'),
      loginAs(this.t, 'hhkj'),
      loginAs(this.t, 'hhadmin'),
    ]);
    const tree = ok(await this.admin.get('/api/org/tree'), 200, 'org tree').data;
    const huanhu = tree[0].children[0].children.find((n: { name: string }) => n.name === '环沪城市公司');
    this.orgUnitId = huanhu.children.find((n: { name: string }) => n.name === '澄靖直属项目公司').id;
    const users = await this.t.deps.db.user.findMany({
      where: { dingUserId: { not: null } },
      select: { id: true, dingUserId: true },
    });
    for (const u of users) this.userIds.set(u.dingUserId!, u.id);
    return this;
  }

  userId(userid: string): number {
    const id = this.userIds.get(userid);
    if (!id) throw new Error(`no demo user ${userid}`);
    return id;
  }

  /** The partner's own API client, logged in with an emulator auth code (as the mini-program does). */
  async partner(userid: string): Promise<Http> {
    let http = this.partners.get(userid);
    if (!http) {
      const res = ok(
        await this.t.http.post('/api/auth/dingtalk', { authCode: await this.emu.authCode(userid) }),
        200,
        `login ${userid}`,
      );
      http = withToken(this.t, res.data.token);
      this.partners.set(userid, http);
    }
    return http;
  }

  /** An open project with its 立项 data, the city accountant granted. */
  async project(
    name: string,
    opts: { confirmPeak?: boolean; scheme?: Record<string, string | null> } = {},
  ): Promise<number> {
    const created = ok(
      await this.admin.post('/api/projects', {
        name: `${name}-${Date.now() % 1_000_000}`,
        orgUnitId: this.orgUnitId,
        acquiredOn: '2026-06-30',
        operator: 'OURS',
        isOpen: true,
      }),
      201,
      'create project',
    );
    const pid: number = created.data.id;
    if (!this.grant) {
      const grants = ok(await this.admin.get(`/api/projects/${pid}/grants`), 200, 'grants').data;
      const role = grants.roles.find((r: { role: { name: string } }) => r.role.name === '环沪城市公司经营会计');
      this.grant = {
        roleId: role.role.id,
        userId: role.users.find((u: { name: string }) => u.name.startsWith('环沪会计')).id,
      };
    }
    ok(
      await this.admin.put(`/api/projects/${pid}/grants/${this.grant.roleId}`, { userIds: [this.grant.userId] }),
      200,
      'grant accountant',
    );
    await approvePendingGrants(this.t);
    ok(
      await this.accountant.put(`/api/projects/${pid}/shareholders`, {
        shareholders: [
          { name: '锦艺置业', equityRatio: '0.51', isOurs: true },
          { name: '合作方', equityRatio: '0.49' },
        ],
      }),
      200,
      'shareholders',
    );
    ok(
      await this.accountant.put(`/api/projects/${pid}/scheme`, {
        version: 0,
        peakCapital: '100000000',
        holdingRatio: '0',
        groupRatio: '0.003',
        cityRatio: '0.002',
        otherRatio: '0',
        totalRatio: '0.005',
        perPersonCapRatio: '0.001',
        allocationUnit: '1',
        ...PAYEE,
        ...opts.scheme,
      }),
      200,
      'scheme',
    );
    if (opts.confirmPeak === false) return pid;
    // 事业合伙立项 needs the confirmed peak: 项目资金峰值 through the emulator's OA approval
    await this.confirmPeak(pid);
    return pid;
  }

  /** 立项认购 with these partners, 认购通知 sent (the round is open until `deadline`). */
  async openRound(projectId: number, partners: PartnerSpec[], openForMs: number): Promise<OpenRound> {
    const deadline = new Date(Date.now() + openForMs).toISOString();
    const dueDate = shanghaiDay(Date.now() + 30 * 86_400_000);
    const round = ok(
      await this.accountant.post(`/api/projects/${projectId}/rounds`, { kind: 'INITIAL', deadline, dueDate }),
      201,
      'create round',
    );
    const roundId: number = round.data.id;
    ok(
      await this.accountant.post(`/api/projects/${projectId}/rounds/${roundId}/partners`, {
        partners: partners.map((p) => ({
          userId: this.userId(p.userid),
          level: p.level,
          category: p.category,
          minAmount: p.min,
          maxAmount: p.max,
        })),
      }),
      201,
      'partner list',
    );
    ok(await this.accountant.post(`/api/projects/${projectId}/rounds/${roundId}/notices`), 200, '认购通知');
    return { projectId, roundId, deadline };
  }

  async subscribe(userid: string, projectId: number, amount: string): Promise<void> {
    ok(
      await (await this.partner(userid)).post(`/api/me/projects/${projectId}/subscription`, { amount }),
      200,
      `${userid} subscribes`,
    );
  }

  /** Waits until every given deadline has passed (by this clock, which is the BFF's). */
  async pastDeadlines(rounds: OpenRound[]): Promise<void> {
    const last = Math.max(...rounds.map((r) => Date.parse(r.deadline)));
    await new Promise((r) => setTimeout(r, Math.max(0, last - Date.now() + 200)));
  }

  /** 测算 and 送审: returns the pending review's id. */
  async calculateAndSubmit(round: OpenRound): Promise<number> {
    ok(await this.accountant.post(`/api/projects/${round.projectId}/rounds/${round.roundId}/calculate`), 200, '测算');
    return ok(
      await this.accountant.post(`/api/projects/${round.projectId}/rounds/${round.roundId}/submit`),
      200,
      '送审',
    ).data.id;
  }

  /** Approves 方案审核, runs 事业合伙立项 through the emulator's OA approval, sends the 缴款通知; returns the dues. */
  async approveAndConfirm(round: OpenRound, reviewId: number): Promise<PaymentDueRow[]> {
    ok(await this.reviewer.post(`/api/reviews/${reviewId}/approve`, {}), 200, '审核通过');
    const flow = ok(
      await this.accountant.post(`/api/projects/${round.projectId}/flows/SCHEME_APPROVAL/start`),
      201,
      '发起事业合伙立项',
    );
    await this.emu.completeApproval(flow.data.instanceId, 'agree');
    await eventually(async () => {
      const status = (await this.accountant.get(`/api/projects/${round.projectId}/rounds/${round.roundId}`)).data.round
        .status;
      if (status !== 'CONFIRMED') throw new Error(`round ${round.roundId} is ${status}, waiting for CONFIRMED`);
    }, 15_000);
    ok(
      await this.accountant.post(`/api/projects/${round.projectId}/rounds/${round.roundId}/payment-notices`, {
        test: false,
      }),
      200,
      '缴款通知',
    );
    return ok(await this.accountant.get(`/api/projects/${round.projectId}/payments`), 200, 'dues').data;
  }

  /** 缴款确认 by the business admin (as the console does). */
  async confirmPayment(projectId: number, due: PaymentDueRow, amount: string, paidOn: string): Promise<void> {
    ok(
      await this.reviewer.post(`/api/projects/${projectId}/payments/${due.id}/confirm`, {
        amount,
        paidOn,
        idempotencyKey: `miniapp-test-${due.id}-${Date.now()}`,
        version: due.version,
      }),
      200,
      '缴款确认',
    );
  }

  /**
   * 峰值变更 through to 补缴/退款通知, as the quick guide's 4.1–4.3 steps go (shared/api/scheme-change.ts): the city
   * accountant drafts the change, 资金峰值调整 is approved in DingTalk, 立项调整 is calculated (and edited), 送审, the
   * business admin approves, 立项信息变更 is approved in DingTalk (the change applies: new terms, ledger entries, dues),
   * the notices go out. Returns the change id and its dues.
   */
  async peakChange(projectId: number, spec: PeakChangeSpec): Promise<{ changeId: number; dues: ChangeDueRow[] }> {
    await this.confirmPeak(projectId);
    const base = `/api/projects/${projectId}/scheme-changes`;
    const created = ok(
      await this.accountant.post(base, {
        peakCapital: spec.peakCapital,
        holdingRatio: '0',
        groupRatio: spec.groupRatio,
        cityRatio: spec.cityRatio,
        otherRatio: '0',
        perPersonCapRatio: '0.001',
        shareholders: [
          { name: '锦艺置业', equityRatio: '0.51', isOurs: true },
          { name: '合作方', equityRatio: '0.49' },
        ],
        reason: spec.reason,
      }),
      201,
      '峰值变更',
    );
    const changeId: number = created.data.id;
    const detail = async () => ok(await this.accountant.get(`${base}/${changeId}`), 200, '峰值变更详情').data;
    const untilStatus = (status: string) =>
      eventually(async () => {
        const now = (await detail()).status;
        if (now !== status) throw new Error(`scheme change ${changeId} is ${now}, waiting for ${status}`);
      }, 15_000);

    const peakFlow = ok(
      await this.accountant.post(`/api/projects/${projectId}/flows/PEAK_ADJUSTMENT/start`),
      201,
      '发起资金峰值调整',
    );
    await this.emu.completeApproval(peakFlow.data.instanceId, 'agree');
    await untilStatus('PEAK_APPROVED');

    let d = ok(
      await this.accountant.post(`${base}/${changeId}/calculate`, { version: (await detail()).version }),
      200,
      '立项调整',
    ).data;
    for (const edit of spec.edits ?? []) {
      const line = d.lines.find((l: { user: { id: number } | null }) => l.user?.id === this.userId(edit.userid));
      if (!line) throw new Error(`no 立项调整 line for ${edit.userid}`);
      d = ok(
        await this.accountant.put(`${base}/${changeId}/lines/${line.id}`, {
          newCommitted: edit.newCommitted,
          reason: edit.reason,
          version: line.version,
        }),
        200,
        '修改立项调整',
      ).data;
    }
    const { reviewId } = ok(
      await this.accountant.post(`${base}/${changeId}/submit`, { version: d.version }),
      200,
      '送审',
    ).data;
    ok(await this.reviewer.post(`/api/reviews/${reviewId}/approve`, {}), 200, '审核通过');

    const changeFlow = ok(
      await this.accountant.post(`/api/projects/${projectId}/flows/SCHEME_CHANGE/start`),
      201,
      '发起立项信息变更',
    );
    await this.emu.completeApproval(changeFlow.data.instanceId, 'agree');
    await untilStatus('APPLIED');
    ok(await this.accountant.post(`${base}/${changeId}/notices`, { test: false }), 200, '补缴/退款通知');
    return { changeId, dues: ok(await this.accountant.get(`${base}/${changeId}/dues`), 200, 'change dues').data };
  }

  /** 项目资金峰值 approved in DingTalk (a 峰值变更 starts from a confirmed peak). */
  async confirmPeak(projectId: number): Promise<void> {
    const latest = async () =>
      ok(await this.accountant.get(`/api/projects/${projectId}/flows`), 200, 'flows').data.find(
        (f: { type: string }) => f.type === 'PEAK_CAPITAL',
      ).latest?.status;
    if ((await latest()) === 'COMPLETED') return;
    const flow = ok(
      await this.accountant.post(`/api/projects/${projectId}/flows/PEAK_CAPITAL/start`),
      201,
      '发起项目资金峰值',
    );
    await this.emu.completeApproval(flow.data.instanceId, 'agree');
    await eventually(async () => {
      const status = await latest();
      if (status !== 'COMPLETED') throw new Error(`项目资金峰值 is ${status}, waiting for COMPLETED`);
    }, 15_000);
  }

  /** 变更缴款确认: a 补缴 received or a 退款 paid out (partial allowed), by the business admin. */
  async confirmChangeDue(
    projectId: number,
    changeId: number,
    due: ChangeDueRow,
    amount: string,
    paidOn: string,
  ): Promise<void> {
    ok(
      await this.reviewer.post(`/api/projects/${projectId}/scheme-changes/${changeId}/dues/${due.id}/confirm`, {
        amount,
        paidOn,
        idempotencyKey: `miniapp-test-change-${due.id}-${Date.now()}`,
        version: due.version,
      }),
      200,
      '变更缴款确认',
    );
  }
}
