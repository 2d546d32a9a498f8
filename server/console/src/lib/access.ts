/**
 * Which modules a user sees. The console hides what a role may not do; the API decides (and answers 403).
 */
import type { TMe, TRoleKind } from '../../../../shared/api/identity';

export type ModuleKey =
  | 'org'
  | 'projects'
  | 'accounts'
  | 'minority'
  | 'mandatory'
  | 'templates'
  | 'audit'
  | 'notifications'
  | 'dingtalk'
  | 'interface-logs'
  | 'tools'
  | 'voucher-rules'
  | 'business'
  | 'vouchers'
  | ReportModuleKey;

/** 报表: the six reports (manual 10.1.x) and the charts, at /console/reports/<kind>. */
export const REPORT_MODULES = ['work', 'funding', 'distributions', 'tracking', 'partners', 'exits', 'charts'] as const;
export type ReportModuleKey = `report-${(typeof REPORT_MODULES)[number]}`;

export type GroupKey = 'admin' | 'business' | 'reports';

export interface ModuleDef {
  key: ModuleKey;
  group: GroupKey;
  title: string;
  roles: TRoleKind[];
}

const ACCOUNTANTS: TRoleKind[] = ['HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT'];

export const GROUP_TITLE: Record<GroupKey, string> = { admin: '后台管理', business: '业务', reports: '报表' };

/**
 * In the order of the manual's 后台管理 tabs, then this product's own (凭证规则). Only modules that work are listed.
 */
export const MODULES: ModuleDef[] = [
  { key: 'org', group: 'admin', title: '组织', roles: ['SYSTEM_ADMIN'] },
  { key: 'projects', group: 'admin', title: '项目维护', roles: ['SYSTEM_ADMIN', 'BUSINESS_ADMIN', ...ACCOUNTANTS] },
  // the business admin: 待批准授权 (approves money rights) and 重置密码 of money-role holders
  { key: 'accounts', group: 'admin', title: '账号及角色', roles: ['SYSTEM_ADMIN', 'BUSINESS_ADMIN'] },
  { key: 'minority', group: 'admin', title: '外部股东', roles: ['BUSINESS_ADMIN', ...ACCOUNTANTS] },
  { key: 'mandatory', group: 'admin', title: '强投名单', roles: ['BUSINESS_ADMIN', ...ACCOUNTANTS] },
  // the business admin edits the wording partners receive too (server/auth/policy.ts templateManage)
  { key: 'templates', group: 'admin', title: '模板管理', roles: ['SYSTEM_ADMIN', 'BUSINESS_ADMIN'] },
  { key: 'audit', group: 'admin', title: '系统日志', roles: ['SYSTEM_ADMIN', 'BUSINESS_ADMIN'] },
  // batches of the accountants' own projects; single messages (no project) for the admins only
  {
    key: 'notifications',
    group: 'admin',
    title: '通知记录',
    roles: ['SYSTEM_ADMIN', 'BUSINESS_ADMIN', ...ACCOUNTANTS],
  },
  { key: 'dingtalk', group: 'admin', title: '钉钉设置', roles: ['SYSTEM_ADMIN'] },
  { key: 'interface-logs', group: 'admin', title: '接口日志', roles: ['SYSTEM_ADMIN'] },
  // 辅助工具: the three exports (partner money: the business admin and the accountants, never the system admin)
  { key: 'tools', group: 'admin', title: '辅助工具', roles: ['BUSINESS_ADMIN', ...ACCOUNTANTS] },
  { key: 'voucher-rules', group: 'admin', title: '凭证规则', roles: ['SYSTEM_ADMIN'] },
  // 业务: the accountants' flow area (立项, 缴款, 分配 …) arrives with the business issues.
  { key: 'business', group: 'business', title: '项目流程', roles: ['BUSINESS_ADMIN', ...ACCOUNTANTS] },
  // 凭证 (per accounting entity, not per project): its own route `vouchers`
  { key: 'vouchers', group: 'business', title: '凭证', roles: ['BUSINESS_ADMIN', ...ACCOUNTANTS] },
  ...(
    [
      ['work', '工作跟踪表'],
      ['funding', '立项及缴款汇总表'],
      ['distributions', '分配汇总表'],
      ['tracking', '实时跟踪汇总表'],
      ['partners', '员工合伙信息查询表'],
      ['exits', '退出员工合伙信息查询表'],
      ['charts', '图表'],
    ] as const
  ).map(([k, title]) => ({
    key: `report-${k}` as ReportModuleKey,
    group: 'reports' as const,
    title,
    roles: ['BUSINESS_ADMIN', ...ACCOUNTANTS] as TRoleKind[],
  })),
];

/** Where a user lands: 工作跟踪表 for the accountants and the business admin, else 项目维护, else their first module. */
export function landingModule(modules: ModuleDef[]): ModuleDef | undefined {
  return modules.find((m) => m.key === 'report-work') ?? modules.find((m) => m.key === 'projects') ?? modules[0];
}

export const hasRole = (me: TMe | null | undefined, ...kinds: TRoleKind[]) =>
  !!me && me.roles.some((r) => kinds.includes(r));

export const visibleModules = (me: TMe | null | undefined) => MODULES.filter((m) => hasRole(me, ...m.roles));

/** Actions inside modules. */
export const can = {
  editProjects: (me: TMe | null | undefined) => hasRole(me, 'SYSTEM_ADMIN'),
  manageUsers: (me: TMe | null | undefined) => hasRole(me, 'SYSTEM_ADMIN'),
  manageGrants: (me: TMe | null | undefined) => hasRole(me, 'SYSTEM_ADMIN'),
};

export function moduleRoute(m: ModuleDef): string {
  if (m.group === 'reports') return `reports/${m.key.slice('report-'.length)}`;
  if (m.key === 'vouchers') return 'vouchers';
  return m.group === 'business' ? 'business' : `admin/${m.key}`;
}

export function moduleFromRoute(route: string): ModuleDef | undefined {
  if (route === 'vouchers' || route.startsWith('vouchers/')) return MODULES.find((m) => m.key === 'vouchers');
  if (route === 'business' || route.startsWith('business/')) return MODULES.find((m) => m.key === 'business');
  if (route.startsWith('reports/'))
    return MODULES.find((m) => m.key === `report-${route.slice('reports/'.length).split('/')[0]}`);
  const key = route.startsWith('admin/') ? route.slice('admin/'.length).split('/')[0] : undefined;
  return MODULES.find((m) => m.key === key);
}
