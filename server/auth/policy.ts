import type { Context } from 'koa';
import type { RoleKind } from '../generated/prisma/enums';
import type { Deps } from '../deps';
import { AppError, notFound } from '../lib/errors';
import { openLink } from '../lib/signed-link';
import { formatDateTime } from '../../shared/datetime';
import {
  hasProjectGrant,
  ownedVoucherEntities,
  projectOfNotificationBatch,
  projectOfReview,
  requesterOfExportFile,
} from '../modules/auth/access-repository';
import { ACCOUNTANT_KINDS, hasRole, type Actor } from './actor';

export interface PolicyArgs<I> {
  actor: Actor | undefined;
  input: I;
  deps: Deps;
  ctx: Context;
}

/**
 * Who may call a route. Every route declares one; this module is the only place access is decided.
 * Data that belongs to a person (holdings, notices) is additionally scoped inside the queries by actor.userId.
 */
export interface Policy<I = unknown> {
  name: string;
  requiresLogin: boolean;
  /** Routes a user with a pending forced password change may still call (login, change password, me). */
  allowsPendingPasswordChange?: boolean;
  denyMessage?: string;
  /**
   * false = 403 (denyMessage). A policy that looks at a record may instead throw NOT_FOUND, so a caller outside the
   * record's project cannot tell which ids exist (the matrix test counts that 404 as denied).
   */
  check: (args: PolicyArgs<I>) => boolean | Promise<boolean>;
}

/** No login (health, login, DingTalk callbacks that verify their own signature). */
export const publicAccess: Policy = { name: 'public', requiresLogin: false, check: () => true };

/**
 * No login, but the link must carry a valid token (`:token`, `lib/signed-link.ts`): signed with SECRET_KEY for this
 * purpose and not expired. For links that leave the system (the BPM form's 测算表, opened by approvers from DingTalk
 * OA, who may have no account here). What the token names is checked again by the use case (e.g. it is unchanged).
 */
export function signedLink(opts: { purpose: string; fields: number; label: string }): Policy<AnyInput> {
  return {
    name: `signed-link:${opts.purpose}`,
    requiresLogin: false,
    check: ({ input, deps }) => {
      const opened = openLink(deps.config.secretKey, opts.purpose, String(input.params.token ?? ''), opts.fields);
      if (opened.ok) return true;
      if (opened.reason === 'EXPIRED')
        throw new AppError(
          'FORBIDDEN',
          `${opts.label}链接已于 ${formatDateTime(opened.expiresAt!)} 过期，请在系统中查看最新版本`,
          { reason: 'LINK_EXPIRED', policy: `signed-link:${opts.purpose}` },
        );
      throw new AppError('FORBIDDEN', `${opts.label}链接无效（签名不符或已被改动），请从审批单重新打开`, {
        reason: 'LINK_INVALID',
        policy: `signed-link:${opts.purpose}`,
      });
    },
  };
}

/** Any logged-in user; the handler scopes what it returns to the caller. */
export const loggedIn: Policy = { name: 'logged-in', requiresLogin: true, check: ({ actor }) => !!actor };

/** Any logged-in user, even one who must still change the initial password. */
export const loggedInPendingPassword: Policy = {
  ...loggedIn,
  name: 'logged-in (pending password)',
  allowsPendingPasswordChange: true,
};

export function roles(...kinds: RoleKind[]): Policy {
  return { name: `roles:${kinds.join('|')}`, requiresLogin: true, check: ({ actor }) => hasRole(actor, ...kinds) };
}

export const systemAdmin = roles('SYSTEM_ADMIN');
export const businessAdmin = roles('BUSINESS_ADMIN');
/** 重置 of a project flow: the business admin (who works in 项目流程) or the system admin — a record, not money. */
export const flowResetters = roles('BUSINESS_ADMIN', 'SYSTEM_ADMIN');
/** Back-office staff: everyone except plain partners. */
export const staff = roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN', ...ACCOUNTANT_KINDS);

type AnyInput = { params: Record<string, unknown>; query: unknown; body: unknown };

/** The project id from a path parameter (default `:id`). */
export const projectFromParam =
  (name = 'id') =>
  (input: AnyInput): number | undefined => {
    const v = Number(input.params[name]);
    return Number.isInteger(v) && v > 0 ? v : undefined;
  };

export interface ProjectPolicyOptions {
  /** Where the project id is in the request. */
  projectId: (input: AnyInput) => number | undefined;
  /** read: reviewers and granted accountants; write: granted accountants (and the business admin where `adminWrites`). */
  mode: 'read' | 'write' | 'review';
  /** Let the system admin through (project setup, grants) — never for partner money. */
  systemAdmin?: boolean;
  /** Let the business admin act too (e.g. 缴款确认, which the manual gives to 业务管理员). */
  businessAdmin?: boolean;
}

/**
 * Project-scoped access: the business admin reads and reviews every project; an accountant acts only on
 * projects granted to one of their accountant roles; the system admin only where setup allows it.
 */
export function projectAccess(opts: ProjectPolicyOptions): Policy<AnyInput> {
  return {
    name: `project:${opts.mode}${opts.systemAdmin ? '+sysadmin' : ''}${opts.businessAdmin ? '+bizadmin' : ''}`,
    requiresLogin: true,
    denyMessage: '您没有该项目的操作权限',
    check: async ({ actor, input, deps }) => {
      if (!actor) return false;
      if (opts.systemAdmin && hasRole(actor, 'SYSTEM_ADMIN')) return true;
      if (hasRole(actor, 'BUSINESS_ADMIN') && (opts.mode === 'read' || opts.mode === 'review' || opts.businessAdmin))
        return true;
      if (opts.mode === 'review') return false;
      const projectId = opts.projectId(input);
      if (projectId === undefined) return false;
      return isGrantedAccountant(deps, actor, projectId);
    },
  };
}

const accountantRoleIds = (actor: Actor) =>
  actor.roles.filter((r) => ACCOUNTANT_KINDS.includes(r.kind)).map((r) => r.id);

/** An accountant granted the project through one of their accountant roles. */
const isGrantedAccountant = (deps: Deps, actor: Actor, projectId: number) =>
  hasProjectGrant(deps, { projectId, userId: actor.userId, roleIds: accountantRoleIds(actor) });

/** The record id of `:id` (a positive integer), for policies that look at the record. */
const idParam = projectFromParam('id');

/** The capital ledger and payment receipts: the reviewers and the accountants granted the project (partner money: not the system admin). */
export const capitalRead = projectAccess({ mode: 'read', projectId: idParam });

/** Reviews carry partner money: the business admin and the accountants; never the system admin. */
export const reviewReaders = roles('BUSINESS_ADMIN', ...ACCOUNTANT_KINDS);

/**
 * May read this review (审核单 `:id`): the business admin any; an accountant only one of a granted project. For
 * anyone else the review does not exist (404), so ids of other projects' reviews cannot be probed.
 */
export const reviewRead: Policy<AnyInput> = {
  name: 'review:read (project grant)',
  requiresLogin: true,
  check: async ({ actor, input, deps }) => {
    if (!actor || !hasRole(actor, 'BUSINESS_ADMIN', ...ACCOUNTANT_KINDS)) return false;
    if (hasRole(actor, 'BUSINESS_ADMIN')) return true;
    const id = idParam(input);
    const projectId = id === undefined ? undefined : await projectOfReview(deps, id);
    if (projectId === undefined || !(await isGrantedAccountant(deps, actor, projectId))) throw notFound('审核单');
    return true;
  },
};

/**
 * May read this notification batch (`:id`): the admins any; an accountant only a batch of a granted project
 * (not one without a project). For other staff the batch does not exist (404); partners are refused (403).
 */
export const notificationBatchRead: Policy<AnyInput> = {
  name: 'notification-batch:read (project grant)',
  requiresLogin: true,
  check: async ({ actor, input, deps }) => {
    if (!actor || !hasRole(actor, 'SYSTEM_ADMIN', 'BUSINESS_ADMIN', ...ACCOUNTANT_KINDS)) return false;
    if (hasRole(actor, 'SYSTEM_ADMIN', 'BUSINESS_ADMIN')) return true;
    const id = idParam(input);
    const projectId = id === undefined ? undefined : await projectOfNotificationBatch(deps, id);
    if (projectId == null || !(await isGrantedAccountant(deps, actor, projectId))) throw notFound('通知批次');
    return true;
  },
};

/** 重发失败 of a batch: whoever may read it (the admins any; an accountant only a batch of a granted project). */
export const notificationBatchResend: Policy<AnyInput> = {
  ...notificationBatchRead,
  name: 'notification-batch:resend (project grant)',
};

/** Single messages (群机器人, 待办, one-person notices): no project of their own, so the admins only. */
export const singleNotifications = roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN');

// ---- 退投 (exits) ----------------------------------------------------------------------------------------------

/** The group's exit types and rules: read by the business admin and the accountants, saved by the business admin. */
export const exitGroupSettingsRead = roles('BUSINESS_ADMIN', ...ACCOUNTANT_KINDS);
export const exitGroupSettingsWrite = businessAdmin;
/** A project's exit settings: the business admin and the accountants granted the project (read and save). */
export const exitProjectSettings = (mode: 'read' | 'write') =>
  projectAccess({ mode, projectId: projectFromParam(), businessAdmin: true });
/** A project's exits (partner money): read by the business admin and the granted accountants. */
export const exitRead = projectAccess({ mode: 'read', projectId: projectFromParam() });
/** 测算, 修改测算, 登记打款: the accountants granted the project. */
export const exitWrite = projectAccess({ mode: 'write', projectId: projectFromParam() });

// ---- access decisions taken inside a use case ---------------------------------------------------------------
// Some refusals depend on the record being changed, so the use case asks here, inside its transaction.

/** Only active accounts log in (both channels). */
export function assertMayLogIn(user: { status: string }): void {
  if (user.status === 'LEFT') throw new AppError('FORBIDDEN', '您已离职，账号不能再登录');
  if (user.status === 'DISABLED') throw new AppError('FORBIDDEN', '账号已停用，请联系系统管理员');
}

/** A DingTalk user with no account here, when accounts are not opened automatically. */
export const unregisteredDingtalkUser = () => new AppError('FORBIDDEN', '您的钉钉账号尚未开通本系统，请联系系统管理员');

/** A DingTalk callback (a public route) whose signature or encryption does not verify: it has not proved itself. */
export const dingtalkCallbackRejected = (code: number | string) =>
  new AppError('FORBIDDEN', '钉钉回调校验失败', { code });

/** Separation of duties on money: nobody confirms or edits an amount that is their own (a partner who is also staff). */
export function assertNotOwnMoney(actorId: number | null | undefined, userId: number, message: string): void {
  if (actorId === userId) throw new AppError('FORBIDDEN', message);
}

/** Separation of duties: nobody changes their own roles. */
export function assertNotOwnRoles(actorId: number | null | undefined, userId: number): void {
  if (actorId === userId) throw new AppError('FORBIDDEN', '不能修改自己的角色，请由另一位系统管理员操作');
}

// ---- four eyes on money rights (server/modules/duties) ----------------------------------------------------------

/** 待批准授权: the system admin sees what they asked for, the business admin what waits for them. */
export const grantRequestRead = roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN');
/** Approving or refusing: a business admin (and, per request, not the requester nor the person concerned). */
export const grantRequestDecide = businessAdmin;

/** A business admin other than whoever asked for it, deciding on someone else's rights. */
export function assertMayDecideGrant(
  actorId: number | null | undefined,
  request: { requestedById: number | null; userId: number },
): void {
  if (actorId === request.userId)
    throw new AppError('FORBIDDEN', '不能批准或拒绝授予自己的权限，请由另一位业务管理员处理');
  if (actorId === request.requestedById)
    throw new AppError('FORBIDDEN', '申请人不能自己批准，请由另一位业务管理员处理');
}

/** 重置密码: the system admin and the business admin ask; who may depends on the account (below). */
export const passwordResetters = roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN');

/**
 * Whoever resets a password knows it and could log in as that user. So the account of someone who holds a money role
 * (业务管理员, 经营会计) is reset only by a business admin — never the system admin, never oneself (that is 修改密码) —
 * and every other account only by the system admin (a business admin who could log in as a system admin could ask
 * for grants and approve them alone).
 */
export function assertMayResetPassword(
  actor: { userId: number; isBusinessAdmin: boolean; isSystemAdmin: boolean },
  target: { id: number; holdsMoneyRole: boolean },
): void {
  if (actor.userId === target.id) throw new AppError('FORBIDDEN', '不能重置自己的密码，请在“修改密码”中修改');
  if (target.holdsMoneyRole && !actor.isBusinessAdmin)
    throw new AppError('FORBIDDEN', '该用户持有业务管理员或经营会计角色，只能由业务管理员重置密码');
  if (!target.holdsMoneyRole && !actor.isSystemAdmin)
    throw new AppError('FORBIDDEN', '该用户不持有业务管理员或经营会计角色，请由系统管理员重置密码');
}

// ---- 峰值变更 / 立项调整 --------------------------------------------------------------------------------------
/** Project staff read a change: the business admin and the project's granted accountants. */
export const schemeChangeRead = projectAccess({ mode: 'read', projectId: projectFromParam() });
/** The project's granted accountant prepares: drafts, 立项调整, edits, 送审 (the business admin reviews instead). */
export const schemeChangePrepare = projectAccess({ mode: 'write', projectId: projectFromParam() });
/** 补缴/退款通知 and 变更缴款确认: the project's granted accountant or the business admin. */
export const schemeChangeMoney = projectAccess({ mode: 'write', businessAdmin: true, projectId: projectFromParam() });

/** 分配 (accounts, batches): the granted accountants act; the business admin reads and reviews; never the system admin. */
export const distributionRead = projectAccess({ mode: 'read', projectId: projectFromParam() });
export const distributionWrite = projectAccess({ mode: 'write', projectId: projectFromParam() });
/** 解锁编辑 of a 手动-非测算 batch: the business admin only (the accountant then types or imports the lines). */
export const distributionUnlock = projectAccess({ mode: 'review', projectId: projectFromParam() });
/** 协议状态 and the documents: the reviewers and the accountants granted the project (partner money: not the system admin). */
export const agreementRead = projectAccess({ mode: 'read', projectId: projectFromParam() });
/** 生成协议, 重新生成, 发送签署提醒: the accountants granted the project. */
export const agreementWrite = projectAccess({ mode: 'write', projectId: projectFromParam() });

// ---- 报表 (reports) ---------------------------------------------------------------------------------------------

/** The reports, their Excel exports and the charts: the business admin and the accountants (partner money). */
export const reportRead = roles('BUSINESS_ADMIN', ...ACCOUNTANT_KINDS);

/** The projects a report covers: every project, or those granted to one of the caller's accountant roles. */
export type ReportScope = { all: true } | { all: false; userId: number; roleIds: number[] };

/** The business admin reads every project's figures; an accountant only the projects granted to them. */
export const reportScope = (actor: Actor): ReportScope =>
  hasRole(actor, 'BUSINESS_ADMIN')
    ? { all: true }
    : { all: false, userId: actor.userId, roleIds: accountantRoleIds(actor) };

/** A project's next-step banner: the business admin and the accountants granted the project (who work in 业务). */
export const projectNextStepsRead = projectAccess({ mode: 'read', projectId: idParam });

// ---- 凭证 (accounting vouchers) ------------------------------------------------------------------------------

/** The accountant roles of the caller with their places (an entity's books belong to the accountants above it). */
const accountantRoles = (actor: Actor) =>
  actor.roles.filter((r) => ACCOUNTANT_KINDS.includes(r.kind)).map((r) => ({ id: r.id, orgUnitId: r.orgUnitId }));

/** The entities whose vouchers the caller may see: every one for the business admin, owned ones for an accountant. */
export async function voucherEntitiesOf(deps: Deps, actor: Actor): Promise<number[] | 'ALL'> {
  if (hasRole(actor, 'BUSINESS_ADMIN')) return 'ALL';
  return ownedVoucherEntities(deps, { userId: actor.userId, roles: accountantRoles(actor) });
}

/** 凭证 list (entities): the business admin and the accountants; the handler lists only what each may see. */
export const voucherEntityList = roles('BUSINESS_ADMIN', ...ACCOUNTANT_KINDS);

/**
 * An entity's vouchers (`:entityId`): read by the business admin and the accountants who own the entity; generated,
 * exported and marked 已导出 by those accountants only. Another entity's ids answer 404.
 */
export function voucherEntityAccess(mode: 'read' | 'write'): Policy<AnyInput> {
  return {
    name: `voucher-entity:${mode}`,
    requiresLogin: true,
    denyMessage: '您不是该核算主体的经营会计',
    check: async ({ actor, input, deps }) => {
      if (!actor || !hasRole(actor, 'BUSINESS_ADMIN', ...ACCOUNTANT_KINDS)) return false;
      if (mode === 'read' && hasRole(actor, 'BUSINESS_ADMIN')) return true;
      const entityId = Number(input.params.entityId);
      const owned = await ownedVoucherEntities(deps, { userId: actor.userId, roles: accountantRoles(actor) });
      if (owned.includes(entityId)) return true;
      if (hasRole(actor, 'BUSINESS_ADMIN')) return false;
      throw notFound('核算主体');
    },
  };
}

/** 凭证规则: the system admin configures the accounts (no partner money is shown there). */
export const voucherRules = systemAdmin;
/** 盈亏动态 and 披露: read by the reviewers and the granted accountants, prepared by the granted accountants. */
export const disclosureRead = projectAccess({ mode: 'read', projectId: projectFromParam() });
export const disclosureWrite = projectAccess({ mode: 'write', projectId: projectFromParam() });

// ---- 模板管理 (templates) -------------------------------------------------------------------------------------

/**
 * 模板管理: the system admin (the texts are product configuration, under 后台管理) and the business admin (who owns
 * the wording partners receive and reviews every project) read, edit and restore templates. Accountants send the
 * notices but do not change their wording.
 */
export const templateManage = roles('SYSTEM_ADMIN', 'BUSINESS_ADMIN');

const projectReadOf = (projectId: unknown): Policy<AnyInput> =>
  projectAccess({ mode: 'read', projectId: () => (Number.isInteger(projectId) ? Number(projectId) : undefined) });

/**
 * The preview's partner picker (`?projectId=`): a template editor who may read that project's partner data — the
 * business admin; the system admin sees no partner money, so previews with the samples only.
 */
export const templatePreviewPartners: Policy<AnyInput> = {
  name: 'template:preview-partners (template editor + project read)',
  requiresLogin: true,
  denyMessage: '您没有该项目的查看权限，只能用样例数据预览',
  check: async (args) => {
    if (!(await templateManage.check(args))) return false;
    return projectReadOf(Number((args.input.query as { projectId?: unknown } | undefined)?.projectId)).check(args);
  },
};

/** 预览: any template editor with the samples; with a partner (`projectId` in the body) only as the picker above. */
export const templatePreview: Policy<AnyInput> = {
  name: 'template:preview (samples; a partner with project read)',
  requiresLogin: true,
  denyMessage: '您没有该项目的查看权限，只能用样例数据预览',
  check: async (args) => {
    if (!(await templateManage.check(args))) return false;
    const projectId = (args.input.body as { projectId?: unknown } | undefined)?.projectId;
    if (projectId === undefined || projectId === null) return true;
    return projectReadOf(projectId).check(args);
  },
};
// ---- 小股东 / 外部股东 and 强投名单 ------------------------------------------------------------------------------
/** The register and its batches: the business admin reads (and reviews through 审核); the granted accountants act. */
export const minorityRead = projectAccess({ mode: 'read', projectId: projectFromParam() });
export const minorityWrite = projectAccess({ mode: 'write', projectId: projectFromParam() });
/** 强投名单: read by the business admin and the accountants; kept by the business admin. */
export const mandatoryListRead = roles('BUSINESS_ADMIN', ...ACCOUNTANT_KINDS);
export const mandatoryListWrite = businessAdmin;

// ---- 辅助工具 exports and the partner's statement ------------------------------------------------------------

/** 辅助工具 exports: the business admin (every project) and the accountants (their granted projects: the query is scoped). */
export const exportRequest = roles('BUSINESS_ADMIN', ...ACCOUNTANT_KINDS);

/**
 * An export file (`:id`): only the person who asked for it (its rows were scoped to their grants). For anyone else
 * among the staff it does not exist (404); partners and the system admin are refused (403).
 */
export const exportFileOwner: Policy<AnyInput> = {
  name: 'export-file:requester',
  requiresLogin: true,
  check: async ({ actor, input, deps }) => {
    if (!actor || !hasRole(actor, 'BUSINESS_ADMIN', ...ACCOUNTANT_KINDS)) return false;
    const id = idParam(input);
    const requester = id === undefined ? undefined : await requesterOfExportFile(deps, id);
    if (requester !== actor.userId) throw notFound('导出文件');
    return true;
  },
};
