/**
 * The setup checks (设置提醒). Each check is one function: given the projects in view, it reads what it needs and
 * returns its warnings (none when all is well). A new check — e.g. 审批模板未配置 per flow type — is one more
 * function in SETUP_CHECKS; the routes, the workspace header and 钉钉设置 show it with no other change.
 */
import type { TSetupWarning } from '../../../shared/api/setup-warnings';
import { FLOW_LABEL, FLOW_TYPES } from '../../../shared/api/labels';
import { formatDateTime } from '../../../shared/datetime';
import type { Deps } from '../../deps';

export interface CheckScope {
  /** the projects the warnings are for: one project (its workspace) or every project (钉钉设置) */
  projects: { id: number; name: string; orgUnitId: number }[];
}
export type SetupCheck = (deps: Pick<Deps, 'db'>, scope: CheckScope) => Promise<TSetupWarning[]>;

/** SetupTestResult.target of each 测试 in 钉钉设置. */
export const TEST_TARGET = {
  token: 'dingtalk-token',
  robot: (id: number) => `robot:${id}`,
};

const DINGTALK_SETTINGS = { link: 'admin/dingtalk', fixer: '系统管理员', fixerRole: 'SYSTEM_ADMIN' as const };

/** 钉钉设置's 测试 (获取 access_token): never run, failed, or run before the settings last changed. */
export const checkDingtalkTest: SetupCheck = async ({ db }) => {
  const [last, setting] = await Promise.all([
    db.setupTestResult.findUnique({ where: { target: TEST_TARGET.token } }),
    db.dingtalkSetting.findFirst({ orderBy: { updatedAt: 'desc' }, select: { updatedAt: true } }),
  ]);
  const impact = '工作通知（认购、缴款、分配通知）、待办和审批流程都经钉钉接口：设置不通时通知发不出去，流程无法发起';
  const where = { ...DINGTALK_SETTINGS, fixWhere: '后台管理 → 钉钉设置 → 应用设置 → 测试' };
  if (!last)
    return [
      {
        key: 'DINGTALK_TEST_NEVER',
        code: 'DINGTALK_TEST_NEVER',
        problem: '钉钉应用设置从未测试过，不能确认能否连通钉钉',
        impact,
        ...where,
        since: null,
      },
    ];
  if (!last.ok)
    return [
      {
        key: 'DINGTALK_TEST_FAILED',
        code: 'DINGTALK_TEST_FAILED',
        problem: `钉钉应用设置最近一次测试失败（${formatDateTime(last.testedAt)}）：${last.code ? `${last.code} ` : ''}${last.message}`,
        impact,
        ...where,
        since: last.testedAt.toISOString(),
      },
    ];
  if (setting && setting.updatedAt > last.testedAt)
    return [
      {
        key: 'DINGTALK_TEST_STALE',
        code: 'DINGTALK_TEST_STALE',
        problem: `钉钉应用设置在 ${formatDateTime(setting.updatedAt)} 修改后尚未重新测试`,
        impact,
        ...where,
        since: setting.updatedAt.toISOString(),
      },
    ];
  return [];
};

/**
 * The group robot of each project's company (the company's own, else the nearest parent unit's, else the default
 * robot — the rule the flow results are posted by): none → 流程结果 reach no group; its last 测试 failed → likewise.
 */
export const checkRobots: SetupCheck = async ({ db }, { projects }) => {
  if (!projects.length) return [];
  const [robots, units] = await Promise.all([
    db.robotWebhook.findMany({ where: { active: true }, select: { id: true, name: true, orgUnitId: true } }),
    db.orgUnit.findMany({ select: { id: true, parentId: true, name: true } }),
  ]);
  const unit = new Map(units.map((u) => [u.id, u]));
  const robotOf = (unitId: number) => {
    for (let id: number | null = unitId; id !== null; id = unit.get(id)?.parentId ?? null) {
      const hit = robots.find((r) => r.orgUnitId === id);
      if (hit) return hit;
    }
    return robots.find((r) => r.orgUnitId === null);
  };
  const missing = new Map<number, string[]>();
  const used = new Map<number, { robot: { id: number; name: string }; projects: string[] }>();
  for (const p of projects) {
    const robot = robotOf(p.orgUnitId);
    if (!robot) missing.set(p.orgUnitId, [...(missing.get(p.orgUnitId) ?? []), p.name]);
    else used.set(robot.id, { robot, projects: [...(used.get(robot.id)?.projects ?? []), p.name] });
  }
  const names = (list: string[]) =>
    list.length > 3 ? `${list.slice(0, 3).join('、')} 等 ${list.length} 个项目` : list.join('、');
  const warnings: TSetupWarning[] = [...missing].map(([unitId, list]) => ({
    key: `ROBOT_MISSING:${unitId}`,
    code: 'ROBOT_MISSING',
    problem: `「${unit.get(unitId)?.name ?? '项目所属公司'}」没有配置群机器人（上级单位和默认机器人也没有）`,
    impact: `${names(list)}的审批流程结果不会发到钉钉群，只有发起人收到工作通知`,
    ...DINGTALK_SETTINGS,
    fixWhere: `后台管理 → 钉钉设置 → 群机器人 → 新增（所属组织选「${unit.get(unitId)?.name ?? '项目所属公司'}」或留空作默认机器人）`,
    since: null,
  }));
  if (used.size) {
    const tests = await db.setupTestResult.findMany({
      where: { target: { in: [...used.keys()].map(TEST_TARGET.robot) }, ok: false },
    });
    for (const t of tests) {
      const u = used.get(Number(t.target.slice('robot:'.length)))!;
      warnings.push({
        key: `ROBOT_TEST_FAILED:${u.robot.id}`,
        code: 'ROBOT_TEST_FAILED',
        problem: `群机器人「${u.robot.name}」最近一次测试失败（${formatDateTime(t.testedAt)}）：${t.code ? `${t.code} ` : ''}${t.message}`,
        impact: `${names(u.projects)}的审批流程结果可能发不到钉钉群`,
        ...DINGTALK_SETTINGS,
        fixWhere: `后台管理 → 钉钉设置 → 群机器人「${u.robot.name}」→ 修改后再测试`,
        since: t.testedAt.toISOString(),
      });
    }
  }
  return warnings;
};

/** Flow types with no DingTalk approval template mapped: their 发起 is refused until the admin maps one. */
export const checkApprovalTemplates: SetupCheck = async ({ db }) => {
  const mapped = await db.approvalTemplate.findMany({ select: { flowType: true, processCode: true } });
  const missing = FLOW_TYPES.filter((t) => !mapped.some((m) => m.flowType === t && m.processCode.trim()));
  if (!missing.length) return [];
  return [
    {
      key: 'APPROVAL_TEMPLATE_MISSING',
      code: 'APPROVAL_TEMPLATE_MISSING',
      problem: `${missing.map((t) => `【${FLOW_LABEL[t]}】`).join('')}尚未配置钉钉审批模板`,
      impact: '这些流程无法发起（发起时会被拒绝），后续的缴款、分配或退出随之停下',
      ...DINGTALK_SETTINGS,
      fixWhere: '后台管理 → 钉钉设置 → 审批模板：填写企业审批模板的 processCode 与控件对应后点“测试”',
      since: null,
    },
  ];
};

/** Every check, in the order the warnings show. One function per check (see the file's header). */
export const SETUP_CHECKS: SetupCheck[] = [checkDingtalkTest, checkRobots, checkApprovalTemplates];
