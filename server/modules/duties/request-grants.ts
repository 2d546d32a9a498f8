/**
 * Asking for money rights (four eyes). The system admin's 新建用户 / 角色 / 项目授权 call this, in their own
 * transaction, for what gives money rights; the rights apply only when a business admin approves
 * (decide-grant-request.ts). Each business admin but the requester gets a work notice whose card opens 待批准授权.
 */
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { consoleUrl } from '../../lib/console-url';
import { enqueueNotifications } from '../notify/outbox';

export interface GrantAsk {
  kind: 'ROLE' | 'PROJECT';
  userId: number;
  roleId: number;
  projectId?: number | null;
}

/** Where the business admin decides: 后台管理 → 账号及角色 → 待批准授权. */
export const GRANT_REQUESTS_PATH = 'admin/accounts?tab=grant-requests';

/**
 * Records each ask as a PENDING request (an ask already pending for the same user, role and project is not repeated)
 * and tells the business admins. Returns the ids of the requests created.
 */
export async function requestGrants(deps: Pick<Deps, 'config'>, tx: Tx, who: AuditActor, asks: GrantAsk[]) {
  const created: number[] = [];
  for (const ask of asks) {
    const projectId = ask.kind === 'PROJECT' ? (ask.projectId ?? null) : null;
    const pending = await tx.grantRequest.findFirst({
      where: { status: 'PENDING', kind: ask.kind, userId: ask.userId, roleId: ask.roleId, projectId },
      select: { id: true },
    });
    if (pending) continue;
    const row = await tx.grantRequest.create({
      data: { kind: ask.kind, userId: ask.userId, roleId: ask.roleId, projectId, requestedById: who.actorId },
      select: { id: true },
    });
    created.push(row.id);
  }
  if (!created.length) return created;
  const rows = await describeRequests(tx, created);
  for (const r of rows)
    await writeAudit(tx, who, {
      action: 'request_grant',
      entity: 'GrantRequest',
      entityId: r.id,
      projectId: r.project?.id ?? null,
      after: { status: 'PENDING', user: r.user.name, role: r.role.name, project: r.project?.name ?? null },
    });
  const admins = await tx.user.findMany({
    where: {
      status: 'ACTIVE',
      dingUserId: { not: null },
      roles: { some: { role: { kind: 'BUSINESS_ADMIN' } } },
      ...(who.actorId ? { id: { not: who.actorId } } : {}),
    },
    select: { id: true, dingUserId: true },
  });
  const lines = rows.map((r) => `- ${r.user.name}：${r.role.name}${r.project ? `（项目 ${r.project.name}）` : ''}`);
  const markdown = [
    `${who.actorName ?? '系统管理员'} 申请授予以下资金相关权限（申请 #${created.join('、#')}），批准后才生效：`,
    '',
    ...lines.slice(0, 10),
    ...(lines.length > 10 ? [`- 等共 ${lines.length} 项`] : []),
    '',
    '**下一步：请核对人员与权限后在【账号及角色 → 待批准授权】批准或拒绝**',
  ].join('\n');
  await enqueueNotifications(
    tx,
    admins.map((a) => ({
      channel: 'WORK' as const,
      kind: 'grant_request',
      userId: a.id,
      dingUserId: a.dingUserId!,
      dedupeKey: `grant-request:${created[0]}:${a.id}`,
      msg: {
        msgtype: 'action_card' as const,
        action_card: {
          title: '待批准授权',
          markdown,
          single_title: '去批准',
          single_url: consoleUrl(deps, GRANT_REQUESTS_PATH),
        },
      },
    })),
  );
  return created;
}

/** The requests with the names of who and what they are about, in id order. */
export async function describeRequests(tx: Tx, ids: number[]) {
  const rows = await tx.grantRequest.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } });
  return hydrate(tx, rows);
}

type GrantRequestRow = Awaited<ReturnType<Tx['grantRequest']['findMany']>>[number];

/** Adds the user, role, project and people to request rows (no foreign keys: looked up by id). */
export async function hydrate(tx: Tx, rows: GrantRequestRow[]) {
  const userIds = [
    ...new Set(rows.flatMap((r) => [r.userId, r.requestedById, r.decidedById]).filter((v): v is number => !!v)),
  ];
  const [users, roles, projects] = await Promise.all([
    tx.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    tx.role.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.roleId))] } },
      select: { id: true, name: true, kind: true },
    }),
    tx.project.findMany({
      where: { id: { in: [...new Set(rows.flatMap((r) => (r.projectId ? [r.projectId] : [])))] } },
      select: { id: true, name: true },
    }),
  ]);
  const user = (id: number | null) => (id ? (users.find((u) => u.id === id) ?? { id, name: `#${id}` }) : null);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    user: user(r.userId)!,
    role: roles.find((x) => x.id === r.roleId) ?? { id: r.roleId, name: `#${r.roleId}`, kind: 'PARTNER' as const },
    project: r.projectId
      ? (projects.find((p) => p.id === r.projectId) ?? { id: r.projectId, name: `#${r.projectId}` })
      : null,
    requestedBy: user(r.requestedById),
    requestedAt: r.createdAt.toISOString(),
    decidedBy: user(r.decidedById),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    reason: r.reason,
    version: r.version,
  }));
}
