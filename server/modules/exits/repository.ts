/**
 * The exits' shared queries: settings rows, exit rows, the accountants of a project, the 离 / 退 marks and the exited
 * partners distributions read. Status changes go through exit-state.ts only.
 */
import type { Tx } from '../../lib/db';
import { AppError, notFound } from '../../lib/errors';
import { ACCOUNTANT_KINDS } from '../../auth/actor';
import { loadLedger } from '../capital/repository';
import { positions } from '../capital/calc/ledger';
import { exitedOn, isExitedAt, partnerMarks } from './calc/exited';
import { ZExitSettings, type ExitSettings } from './calc/rules';
import type { THoldingMark } from '../../../shared/api/labels';

export const GROUP_SCOPE = 'GROUP';
export const projectScope = (projectId: number) => `PROJECT:${projectId}`;

export const findExitSetting = (tx: Tx, scope: string) => tx.exitSetting.findUnique({ where: { scope } });

/** A stored settings value, checked again on the way out (a row edited by hand fails loudly, not silently). */
export function parseStoredSettings(value: unknown, scope: string): ExitSettings {
  const parsed = ZExitSettings.safeParse(value);
  if (!parsed.success) throw new AppError('INTERNAL', `退出设置（${scope}）已损坏，请重新保存`);
  return parsed.data;
}

/** The group's and the project's settings (either may be absent). */
export async function loadExitSettings(tx: Tx, projectId: number) {
  const group = await findExitSetting(tx, GROUP_SCOPE);
  const project = await findExitSetting(tx, projectScope(projectId));
  return {
    group: group ? parseStoredSettings(group.settings, GROUP_SCOPE) : null,
    project: project ? parseStoredSettings(project.settings, projectScope(projectId)) : null,
  };
}

export async function findExit(tx: Tx, projectId: number, exitId: number) {
  const exit = await tx.partnerExit.findFirst({ where: { id: exitId, projectId } });
  if (!exit) throw notFound('退出记录');
  return exit;
}

export type ExitRecord = Awaited<ReturnType<typeof findExit>>;

/** The latest 离职退休流程 run of an exit with the name of who started it (查看BPM), null before 发起. */
export async function latestExitFlow(tx: Tx, projectId: number, exitId: number) {
  const run = await tx.projectFlow.findFirst({
    where: { projectId, type: 'EXIT', subjectType: 'EXIT', subjectId: exitId },
    orderBy: { run: 'desc' },
  });
  if (!run) return null;
  const by = await tx.user.findUnique({ where: { id: run.startedById }, select: { name: true } });
  return { ...run, startedBy: by?.name ?? null };
}
export type ExitFlowRecord = NonNullable<Awaited<ReturnType<typeof latestExitFlow>>>;

export const listExitRows = (tx: Tx, projectId: number) =>
  tx.partnerExit.findMany({
    where: { projectId },
    orderBy: { id: 'desc' },
    include: { user: { select: { id: true, name: true, status: true, dingUserId: true } } },
  });

/** The accountants granted the project (through an accountant role), active and reachable in DingTalk. */
export async function projectAccountants(tx: Tx, projectId: number) {
  const grants = await tx.projectGrant.findMany({
    where: { projectId, role: { kind: { in: ACCOUNTANT_KINDS } }, user: { status: 'ACTIVE' } },
    select: { user: { select: { id: true, name: true, dingUserId: true } } },
  });
  const byId = new Map(grants.map((g) => [g.user.id, g.user]));
  return [...byId.values()];
}

/** Projects where the user holds a position (认缴 or 实缴 ≠ 0) and has not exited. */
export async function projectsHeldBy(tx: Tx, userId: number): Promise<{ id: number; name: string }[]> {
  const ids = await tx.capitalEntry.findMany({
    where: { userId, holder: 'PARTNER' },
    distinct: ['projectId'],
    select: { projectId: true },
  });
  const out: { id: number; name: string }[] = [];
  for (const { projectId } of ids) {
    const ledger = await loadLedger(tx, projectId);
    if (exitedOn(ledger, userId) !== null) continue;
    const mine = ledger.filter((e) => e.holder === 'PARTNER' && e.userId === userId);
    if (!positions(mine).some((p) => !p.committed.isZero() || !p.paid.isZero())) continue;
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { id: true, name: true } });
    out.push(project);
  }
  return out;
}

/** The 离 / 退 marks of these partners in a project's lists (calc/exited.ts `partnerMarks`). */
export async function partnerMarksIn(
  tx: Tx,
  projectId: number,
  users: readonly { id: number; status: string }[],
): Promise<Map<number, THoldingMark[]>> {
  const ledger = users.length ? await loadLedger(tx, projectId) : [];
  return new Map(users.map((u) => [u.id, partnerMarks(ledger, u)]));
}

/**
 * The partners of a project who had exited on or before `date` ('YYYY-MM-DD'): their profit share from a
 * distribution dated then is 0 (the exit price settled them). For distributions.
 */
export async function exitedPartners(tx: Tx, projectId: number, date: string): Promise<number[]> {
  const ledger = await loadLedger(tx, projectId);
  const userIds = [...new Set(ledger.filter((e) => e.holder === 'PARTNER' && e.userId !== null).map((e) => e.userId!))];
  return userIds.filter((id) => isExitedAt(ledger, id, date)).sort((a, b) => a - b);
}
