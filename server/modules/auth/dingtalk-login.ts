import type { Deps } from '../../deps';
import { AppError } from '../../lib/errors';
import { sessionStore } from '../../auth/authenticate';
import { assertMayLogIn, unregisteredDingtalkUser } from '../../auth/policy';
import type { TLoginResult } from '../../../shared/api/identity';
import { systemActor, writeAudit, type AuditActor } from '../../lib/audit';
import * as repo from './repository';

/** The two DingTalk directory calls 免登 needs (implemented by the DingTalk client). */
export interface DingtalkDirectory {
  getUserInfoByAuthCode(code: string): Promise<{ userid: string; unionid?: string | null; name?: string | null }>;
  getUser(userid: string): Promise<{
    userid: string;
    unionid?: string | null;
    name: string;
    mobile?: string | null;
    title?: string | null;
    jobNumber?: string | null;
    deptIdList: number[];
  }>;
}

/**
 * DingTalk allows 20 calls a second per app and API; when everyone opens the app at 9 a.m. a 免登 can be refused
 * for speed. A refused call never reached the code (it stays unused), so it is safe to wait and ask again —
 * DingTalk advises about a second. Other failures are not retried: the code may already be spent.
 */
async function whenRateLimited<T>(call: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (err) {
      if (i >= attempts || (err as { kind?: string } | null)?.kind !== 'rateLimit') throw err;
      await new Promise((r) => setTimeout(r, 700 * i + Math.floor(Math.random() * 300)));
    }
  }
}

const errorCode = (err: unknown): string | undefined => {
  const c = (err as { code?: unknown } | null)?.code;
  return c === undefined || c === null ? undefined : String(c);
};

/**
 * 免登: the auth code from dd.getAuthCode / requestAuthCode → DingTalk userid → our user. A first-time
 * employee is created from their DingTalk details (as a partner) when DINGTALK_AUTO_CREATE_USERS is on.
 */
export async function loginWithDingtalk(
  deps: Deps,
  who: Omit<AuditActor, 'actorId' | 'actorName'>,
  directory: DingtalkDirectory,
  authCode: string,
): Promise<TLoginResult> {
  let info: { userid: string; unionid?: string | null };
  try {
    info = await whenRateLimited(() => directory.getUserInfoByAuthCode(authCode));
  } catch (err) {
    const code = errorCode(err);
    if (code === '40078' || code === '41026' || code === '40079') {
      throw new AppError(
        'UNAUTHENTICATED',
        '钉钉免登授权码无效或已过期（5 分钟内有效且只能使用一次），请重新打开应用',
        { dingtalkCode: code },
      );
    }
    throw new AppError('UPSTREAM_FAILED', '钉钉服务暂时不可用，请稍后重试', { dingtalkCode: code }, { cause: err });
  }
  let user = await repo.findUserByDingUserId(deps.db, info.userid);
  if (!user) {
    if (!deps.config.DINGTALK_AUTO_CREATE_USERS) throw unregisteredDingtalkUser();
    user = await createFromDingtalk(deps, who, directory, info.userid);
  }
  assertMayLogIn(user);
  await repo.recordSuccessfulLogin(deps.db, user.id);
  const { token, expiresIn } = await sessionStore(deps).create(user.id, 'dingtalk');
  return { token, expiresIn, user: { ...repo.toMe(user), mustChangePassword: false } };
}

async function createFromDingtalk(
  deps: Deps,
  who: Omit<AuditActor, 'actorId' | 'actorName'>,
  directory: DingtalkDirectory,
  userid: string,
): Promise<repo.UserForAuth> {
  let detail: Awaited<ReturnType<DingtalkDirectory['getUser']>>;
  try {
    detail = await whenRateLimited(() => directory.getUser(userid));
  } catch (err) {
    throw new AppError(
      'UPSTREAM_FAILED',
      '读取钉钉通讯录失败，请稍后重试',
      { dingtalkCode: errorCode(err) },
      { cause: err },
    );
  }
  return deps.db.$transaction(async (tx) => {
    const units = await tx.orgUnit.findMany({
      where: { dingDeptId: { in: detail.deptIdList.map(BigInt) } },
      select: { id: true },
    });
    const partnerRole = await tx.role.findFirst({ where: { kind: 'PARTNER', orgUnitId: null }, select: { id: true } });
    const created = await tx.user.create({
      data: {
        name: detail.name,
        mobile: detail.mobile ?? null,
        title: detail.title ?? null,
        jobNumber: detail.jobNumber ?? null,
        dingUserId: detail.userid,
        dingUnionId: detail.unionid ?? null,
        dingDeptIds: detail.deptIdList.map(BigInt),
        orgUnitId: units[0]?.id ?? null,
        roles: partnerRole ? { create: [{ roleId: partnerRole.id }] } : undefined,
      },
      select: repo.meSelect,
    });
    await writeAudit(
      tx,
      { ...systemActor('钉钉免登'), requestId: who.requestId, ip: who.ip },
      {
        action: 'create',
        entity: 'User',
        entityId: created.id,
        after: { name: created.name, dingUserId: detail.userid, source: 'dingtalk-login' },
      },
    );
    return created;
  });
}
