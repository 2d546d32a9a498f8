/** Contracts of the organisation, project, user, role, grant, auth and audit APIs (shared by BFF, console and mini-program). */
import { z } from 'zod';
import {
  ZBoolQuery,
  ZDate,
  ZDay,
  ZInstant,
  ZJson,
  ZPageOf,
  ZPageQuery,
  ZRef,
  ZVersion,
  ZDecimalString,
  ZId,
} from './common';
import { ORG_UNIT_KINDS, PROJECT_OPERATORS, ROLE_KINDS, USER_STATUSES, type TOrgUnitKind } from './labels';

export {
  ROLE_KINDS,
  ROLE_KIND_LABEL,
  ORG_UNIT_KINDS,
  ORG_UNIT_KIND_LABEL,
  PROJECT_OPERATORS,
  PROJECT_OPERATOR_LABEL,
  USER_STATUSES,
  USER_STATUS_LABEL,
  type TRoleKind,
  type TOrgUnitKind,
  type TProjectOperator,
  type TUserStatus,
} from './labels';

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

export const ZMe = z.object({
  id: z.number().int(),
  name: z.string(),
  username: z.string().nullable(),
  dingUserId: z.string().nullable(),
  mobile: z.string().nullable(),
  title: z.string().nullable(),
  orgUnit: ZRef.nullable(),
  roles: z.array(z.enum(ROLE_KINDS)),
  roleNames: z.array(z.string()),
  mustChangePassword: z.boolean(),
});
export type TMe = z.infer<typeof ZMe>;
/** GET /api/me */
export const ZMeResponse = z.object({ user: ZMe });
export type TMeResponse = z.infer<typeof ZMeResponse>;
export const ZLoginResult = z.object({
  token: z.string(),
  /** seconds */
  expiresIn: z.number().int(),
  user: ZMe,
});
export type TLoginResult = z.infer<typeof ZLoginResult>;

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
export const ZOrgTreeNode: z.ZodType<TOrgTreeNode> = z
  .object({
    id: z.number().int(),
    name: z.string(),
    kind: z.enum(ORG_UNIT_KINDS),
    code: z.string().nullable(),
    active: z.boolean(),
    parentId: z.number().int().nullable(),
    version: z.number().int(),
    projectCount: z.number().int(),
    get children() {
      return z.array(ZOrgTreeNode);
    },
    projects: z.array(
      z.object({ id: z.number().int(), name: z.string(), isOpen: z.boolean(), isSettled: z.boolean() }),
    ),
  })
  .meta({ id: 'OrgTreeNode' });
export const ZOrgTree = z.array(ZOrgTreeNode);
/** A unit as created or changed (POST / PATCH /api/org/units). */
export const ZOrgUnit = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.enum(ORG_UNIT_KINDS),
  code: z.string().nullable(),
  active: z.boolean(),
  parentId: z.number().int().nullable(),
  sortOrder: z.number().int(),
  version: z.number().int(),
});
export type TOrgUnit = z.infer<typeof ZOrgUnit>;
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
export const ZBatch = z.object({
  id: z.number().int(),
  name: z.string(),
  sortOrder: z.number().int(),
  projectCount: z.number().int(),
});
export type TBatch = z.infer<typeof ZBatch>;
/** PATCH /api/batches/:id (no count). */
export const ZBatchUpdated = ZBatch.omit({ projectCount: true });

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
/**
 * What 开放 / 关闭 of a project touches, for the console's confirmation: its rounds, partners and open money as
 * project totals (no partner's own figures). `unpaid*`: 缴款 and 补缴 not yet paid (未缴 / 部分缴款); `refunds*`: 退款
 * the company still owes.
 */
export const ZProjectBusinessState = z.object({
  rounds: z.number().int(),
  partners: z.number().int(),
  unpaidCount: z.number().int(),
  unpaidAmount: ZDecimalString,
  refundsOwedCount: z.number().int(),
  refundsOwedAmount: ZDecimalString,
});
export type TProjectBusinessState = z.infer<typeof ZProjectBusinessState>;
export const ZProjectListQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  orgUnitId: ZId.optional(),
  batchId: ZId.optional(),
  isOpen: ZBoolQuery.optional(),
  sort: z.enum(['id', 'name', 'acquiredOn', 'batch', 'orgUnit']).default('id'),
  order: z.enum(['asc', 'desc']).default('asc'),
});
export const ZProject = z.object({
  id: z.number().int(),
  code: z.string().nullable(),
  name: z.string(),
  orgUnit: ZRef,
  region: z.string().nullable(),
  acquiredOn: ZDay.nullable(),
  batch: ZRef.nullable(),
  isOpen: z.boolean(),
  isSettled: z.boolean(),
  isJointOperation: z.boolean(),
  operator: z.enum(PROJECT_OPERATORS).nullable(),
  acquisitionMethod: z.string().nullable(),
  isReserved: z.boolean(),
  version: z.number().int(),
  updatedAt: ZInstant,
});
export type TProject = z.infer<typeof ZProject>;
export const ZProjectPage = ZPageOf(ZProject);
export const ZImportResult = z.object({
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string().optional(), message: z.string() })),
});
export type TImportResult = z.infer<typeof ZImportResult>;
/** POST /api/projects/import */
export const ZProjectImportResult = ZImportResult.extend({ created: z.number().int(), updated: z.number().int() });

// ---- users and roles (账号及角色) ------------------------------------------------------------------------
export const ZUserListQuery = ZPageQuery.extend({
  q: z.string().trim().max(50).optional(),
  roleId: ZId.optional(),
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
const ZRoleRef = z.object({ id: z.number().int(), name: z.string(), kind: z.enum(ROLE_KINDS) });
export const ZUser = z.object({
  id: z.number().int(),
  username: z.string().nullable(),
  name: z.string(),
  mobile: z.string().nullable(),
  title: z.string().nullable(),
  dingUserId: z.string().nullable(),
  orgUnit: ZRef.nullable(),
  status: z.enum(USER_STATUSES),
  leftAt: ZInstant.nullable(),
  roles: z.array(ZRoleRef),
  locked: z.boolean(),
  hasPassword: z.boolean(),
  version: z.number().int(),
});
export type TUser = z.infer<typeof ZUser>;
export const ZUserPage = ZPageOf(ZUser);
/** POST /api/users: a console account's initial password is shown this once. */
export const ZUserCreated = z.object({
  user: ZUser,
  initialPassword: z.string().optional(),
  /** money roles asked for: they wait for a business admin (待批准授权) and are not in `user.roles` yet */
  pendingRoles: z.array(ZRoleRef).default([]),
});
export type TUserCreated = z.infer<typeof ZUserCreated>;
export const ZPasswordReset = z.object({ initialPassword: z.string() });
export type TPasswordReset = z.infer<typeof ZPasswordReset>;
export const ZRole = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(ROLE_KINDS),
  orgUnit: ZRef.nullable(),
  userCount: z.number().int(),
});
export type TRole = z.infer<typeof ZRole>;
/** POST /api/roles */
export const ZRoleCreated = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(ROLE_KINDS),
  orgUnitId: z.number().int().nullable(),
  createdAt: ZInstant,
});
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
export const ZProjectGrants = z.object({
  project: ZRef,
  roles: z.array(
    z.object({
      role: ZRoleRef,
      users: z.array(
        z.object({
          id: z.number().int(),
          name: z.string(),
          granted: z.boolean(),
          /** asked for, waiting for a business admin (待批准授权) */
          pending: z.boolean().default(false),
          status: z.enum(USER_STATUSES),
        }),
      ),
    }),
  ),
});
export type TProjectGrants = z.infer<typeof ZProjectGrants>;
export const ZGrantSet = z.object({ userIds: z.array(z.number().int().positive()).max(500) });

// ---- audit log (系统日志) --------------------------------------------------------------------------------
export const ZAuditQuery = ZPageQuery.extend({
  projectId: ZId.optional(),
  actorId: ZId.optional(),
  entity: z.string().trim().max(50).optional(),
  /** one action code, or several separated by commas */
  action: z.string().trim().max(200).optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export const ZAuditEntry = z.object({
  id: z.string(),
  at: ZInstant,
  actor: ZRef.nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  projectId: z.number().int().nullable(),
  before: ZJson,
  after: ZJson,
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;
export const ZAuditPage = ZPageOf(ZAuditEntry);

// ---- contact sync -----------------------------------------------------------------------------------------
export const ZSyncRequest = z.object({ kind: z.enum(['FULL', 'INCREMENTAL']).default('FULL') });
export const ZSyncLog = z.object({
  id: z.number().int(),
  kind: z.enum(['FULL', 'INCREMENTAL', 'EVENT']),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'ABORTED']),
  startedAt: ZInstant,
  endedAt: ZInstant.nullable(),
  deptsSeen: z.number().int(),
  usersSeen: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  deactivated: z.number().int(),
  errors: z.array(z.object({ userid: z.string().optional(), message: z.string() })).nullable(),
  message: z.string().nullable(),
  triggeredBy: z.string().nullable(),
});
export type TSyncLog = z.infer<typeof ZSyncLog>;
export const ZSyncLogPage = ZPageOf(ZSyncLog);
