/** Contracts of the organisation, project, user, role, grant, auth and audit APIs (shared by BFF, console and mini-program). */
import { z } from 'zod';
import { ZBoolQuery, ZDate, ZPageQuery, ZVersion } from './common';

export const ROLE_KINDS = [
  'SYSTEM_ADMIN',
  'BUSINESS_ADMIN',
  'HOLDING_ACCOUNTANT',
  'GROUP_ACCOUNTANT',
  'CITY_ACCOUNTANT',
  'PARTNER',
] as const;
export type TRoleKind = (typeof ROLE_KINDS)[number];
export const ROLE_KIND_LABEL: Record<TRoleKind, string> = {
  SYSTEM_ADMIN: '系统管理员',
  BUSINESS_ADMIN: '业务管理员',
  HOLDING_ACCOUNTANT: '控股集团经营会计',
  GROUP_ACCOUNTANT: '置业集团经营会计',
  CITY_ACCOUNTANT: '城市公司经营会计',
  PARTNER: '合伙人',
};

export const ORG_UNIT_KINDS = ['HOLDING', 'GROUP', 'CITY', 'DIRECT', 'DEPARTMENT'] as const;
export type TOrgUnitKind = (typeof ORG_UNIT_KINDS)[number];
export const ORG_UNIT_KIND_LABEL: Record<TOrgUnitKind, string> = {
  HOLDING: '控股集团',
  GROUP: '置业集团',
  CITY: '城市公司',
  DIRECT: '直属项目公司',
  DEPARTMENT: '部门',
};

export const PROJECT_OPERATORS = ['SELF', 'OURS', 'PARTNER'] as const;
export type TProjectOperator = (typeof PROJECT_OPERATORS)[number];
export const PROJECT_OPERATOR_LABEL: Record<TProjectOperator, string> = {
  SELF: '自操盘',
  OURS: '我方操盘',
  PARTNER: '合作方操盘',
};

export const USER_STATUSES = ['ACTIVE', 'LEFT', 'DISABLED'] as const;
export type TUserStatus = (typeof USER_STATUSES)[number];
export const USER_STATUS_LABEL: Record<TUserStatus, string> = { ACTIVE: '在职', LEFT: '离职', DISABLED: '停用' };

// ---- auth -------------------------------------------------------------------------------------------
export const ZPasswordLogin = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(50),
  password: z.string().min(1, '请输入密码').max(128),
});
export const ZDingtalkLogin = z.object({ authCode: z.string().trim().min(1, '缺少免登授权码').max(200) });
export const ZNewPassword = z.string().regex(/^(?=.*[A-Za-z])(?=.*\d).{8,64}$/, '密码需 8–64 位，且同时包含字母和数字');
export const ZChangePassword = z
  .object({ oldPassword: z.string().min(1, '请输入原密码'), newPassword: ZNewPassword })
  .refine((v) => v.oldPassword !== v.newPassword, { message: '新密码不能与原密码相同', path: ['newPassword'] });

export interface TMe {
  id: number;
  name: string;
  username: string | null;
  dingUserId: string | null;
  mobile: string | null;
  title: string | null;
  orgUnit: { id: number; name: string } | null;
  roles: TRoleKind[];
  roleNames: string[];
  mustChangePassword: boolean;
}
export interface TLoginResult {
  token: string;
  expiresIn: number;
  user: TMe;
}

// ---- organisation -------------------------------------------------------------------------------------
export interface TOrgTreeNode {
  id: number;
  name: string;
  kind: TOrgUnitKind;
  code: string | null;
  active: boolean;
  parentId: number | null;
  version: number;
  /** projects in this unit and below (that the caller may see) */
  projectCount: number;
  children: TOrgTreeNode[];
  projects: { id: number; name: string; isOpen: boolean; isSettled: boolean }[];
}
export const ZOrgUnitCreate = z.object({
  parentId: z.number().int().positive({ message: '请选择上级组织' }),
  kind: z.enum(ORG_UNIT_KINDS),
  name: z.string().trim().min(1, '请输入名称').max(100),
  code: z
    .string()
    .trim()
    .max(50)
    .regex(/^[A-Za-z0-9_-]*$/, '编码只能包含字母、数字、下划线')
    .optional(),
});
export const ZOrgUnitUpdate = z.object({
  version: ZVersion,
  name: z.string().trim().min(1, '请输入名称').max(100).optional(),
  parentId: z.number().int().positive().optional(),
  active: z.boolean().optional(),
});

// ---- batches (管理批次) ---------------------------------------------------------------------------------
export const ZBatchInput = z.object({
  name: z.string().trim().min(1, '请输入批次名称').max(50),
  sortOrder: z.number().int().min(0).max(10000).optional(),
});
export interface TBatch {
  id: number;
  name: string;
  sortOrder: number;
  projectCount: number;
}

// ---- projects (项目维护) --------------------------------------------------------------------------------
const projectFields = {
  code: z
    .string()
    .trim()
    .max(50)
    .regex(/^[A-Za-z0-9_-]*$/, '项目编码只能包含字母、数字、下划线和连字符')
    .optional()
    .nullable(),
  name: z.string().trim().min(1, '请输入项目名称').max(100),
  orgUnitId: z.number().int().positive({ message: '请选择城市公司' }),
  acquiredOn: ZDate.optional().nullable(),
  batchId: z.number().int().positive().optional().nullable(),
  isJointOperation: z.boolean().default(false),
  operator: z.enum(PROJECT_OPERATORS).optional().nullable(),
  acquisitionMethod: z.string().trim().max(50).optional().nullable(),
  isReserved: z.boolean().default(false),
};
export const ZProjectCreate = z.object({ ...projectFields, isOpen: z.boolean().default(false) });
export const ZProjectUpdate = z
  .object({ version: ZVersion, ...projectFields })
  .partial()
  .required({ version: true });
export const ZProjectFlags = z
  .object({ version: ZVersion, isOpen: z.boolean().optional(), isSettled: z.boolean().optional() })
  .refine((v) => v.isOpen !== undefined || v.isSettled !== undefined, '请指定要修改的开关');
export const ZProjectListQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  orgUnitId: z.coerce.number().int().positive().optional(),
  batchId: z.coerce.number().int().positive().optional(),
  isOpen: ZBoolQuery.optional(),
  sort: z.enum(['id', 'name', 'acquiredOn', 'batch', 'orgUnit']).default('id'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export interface TProject {
  id: number;
  code: string | null;
  name: string;
  orgUnit: { id: number; name: string };
  region: string | null;
  acquiredOn: string | null;
  batch: { id: number; name: string } | null;
  isOpen: boolean;
  isSettled: boolean;
  isJointOperation: boolean;
  operator: TProjectOperator | null;
  acquisitionMethod: string | null;
  isReserved: boolean;
  version: number;
  updatedAt: string;
}
export interface TImportResult {
  imported: number;
  errors: { row: number; column?: string; message: string }[];
}

// ---- users and roles (账号及角色) ------------------------------------------------------------------------
export const ZUserListQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  roleId: z.coerce.number().int().positive().optional(),
  status: z.enum(USER_STATUSES).optional(),
});
export const ZUserCreate = z.object({
  username: z
    .string()
    .trim()
    .min(2, '用户名至少 2 位')
    .max(50)
    .regex(/^[A-Za-z0-9_.-]+$/, '用户名只能包含字母、数字、下划线、点和连字符')
    .optional(),
  name: z.string().trim().min(1, '请输入姓名').max(50),
  mobile: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '手机号格式不正确')
    .optional(),
  dingUserId: z.string().trim().max(64).optional(),
  orgUnitId: z.number().int().positive().optional(),
  roleIds: z.array(z.number().int().positive()).max(20).default([]),
});
export const ZUserUpdate = z.object({
  version: ZVersion,
  name: z.string().trim().min(1).max(50).optional(),
  mobile: z
    .string()
    .trim()
    .regex(/^1\d{10}$/, '手机号格式不正确')
    .nullable()
    .optional(),
  orgUnitId: z.number().int().positive().nullable().optional(),
  status: z.enum(USER_STATUSES).optional(),
  roleIds: z.array(z.number().int().positive()).max(20).optional(),
});
export interface TUser {
  id: number;
  username: string | null;
  name: string;
  mobile: string | null;
  title: string | null;
  dingUserId: string | null;
  orgUnit: { id: number; name: string } | null;
  status: TUserStatus;
  leftAt: string | null;
  roles: { id: number; name: string; kind: TRoleKind }[];
  locked: boolean;
  hasPassword: boolean;
  version: number;
}
export interface TRole {
  id: number;
  code: string;
  name: string;
  kind: TRoleKind;
  orgUnit: { id: number; name: string } | null;
  userCount: number;
}
export const ZRoleCreate = z.object({
  code: z
    .string()
    .trim()
    .min(2)
    .max(50)
    .regex(/^[A-Z0-9_]+$/, '角色编码只能包含大写字母、数字和下划线'),
  name: z.string().trim().min(1, '请输入角色名称').max(50),
  kind: z.enum(ROLE_KINDS),
  orgUnitId: z.number().int().positive().optional(),
});

// ---- grants (per project, per role, the users) -------------------------------------------------------
export interface TProjectGrants {
  project: { id: number; name: string };
  roles: {
    role: { id: number; name: string; kind: TRoleKind };
    users: { id: number; name: string; granted: boolean; status: TUserStatus }[];
  }[];
}
export const ZGrantSet = z.object({ userIds: z.array(z.number().int().positive()).max(500) });

// ---- audit log (系统日志) --------------------------------------------------------------------------------
export const ZAuditQuery = ZPageQuery.extend({
  projectId: z.coerce.number().int().positive().optional(),
  actorId: z.coerce.number().int().positive().optional(),
  entity: z.string().trim().max(50).optional(),
  action: z.string().trim().max(50).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export interface TAuditEntry {
  id: string;
  at: string;
  actor: { id: number; name: string } | null;
  action: string;
  entity: string;
  entityId: string | null;
  projectId: number | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

// ---- contact sync -----------------------------------------------------------------------------------------
export const ZSyncRequest = z.object({ kind: z.enum(['FULL', 'INCREMENTAL']).default('FULL') });
export interface TSyncLog {
  id: number;
  kind: 'FULL' | 'INCREMENTAL' | 'EVENT';
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startedAt: string;
  endedAt: string | null;
  deptsSeen: number;
  usersSeen: number;
  created: number;
  updated: number;
  deactivated: number;
  errors: { userid?: string; message: string }[] | null;
  message: string | null;
  triggeredBy: string | null;
}
