import type { Context } from 'koa';
import type { RoleKind } from '../generated/prisma/enums';
import type { Deps } from '../deps';
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
  check: (args: PolicyArgs<I>) => boolean | Promise<boolean>;
}

/** No login (health, login, DingTalk callbacks that verify their own signature). */
export const publicAccess: Policy = { name: 'public', requiresLogin: false, check: () => true };

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
      const accountantRoleIds = actor.roles.filter((r) => ACCOUNTANT_KINDS.includes(r.kind)).map((r) => r.id);
      if (!accountantRoleIds.length) return false;
      const grant = await deps.db.projectGrant.findFirst({
        where: { projectId, userId: actor.userId, roleId: { in: accountantRoleIds } },
        select: { projectId: true },
      });
      return !!grant;
    },
  };
}
