/**
 * 协议状态 across projects, for the reports (工作跟踪表, 员工合伙信息查询表) and the partner's 投资对账单: per project
 * and partner the state (未生成 / 待签署 / 已签署), 需重新生成, the documents waiting and since when, and the current
 * documents (number, status, signed date). Same rules as read-agreements.ts (views.ts), read for many projects at once.
 */
import type { Tx } from '../../lib/db';
import { dec } from '../../../shared/money';
import { formatDate, shanghaiDay } from '../../../shared/datetime';
import type { TAgreementState } from '../../../shared/api/labels';
import type { Level } from '../../../shared/scheme-math';
import { subjectsOf, type PartnerEntry } from './calc/subjects';
import { VERSION_SELECT, type VersionRow } from './repository';
import { currentVersions, isOutdated, stateOf } from './views';

export interface PartnerAgreementStatus {
  projectId: number;
  userId: number;
  state: TAgreementState;
  /** the ledger moved since the current documents (需重新生成 / a 补充协议 to generate) */
  outdated: boolean;
  /** current versions waiting for the partner's signature */
  pending: number;
  /** the oldest of them was generated on (Shanghai day) */
  pendingSince: string | null;
  /** the first commitment in the ledger (立项): its value date, as 实时跟踪汇总表's 立项完成 */
  committedSince: string | null;
  /** the last ledger entry written (what a regeneration waits since), Shanghai day */
  lastEntryOn: string | null;
  /** the current documents in number order */
  documents: Array<{
    id: number;
    title: string;
    number: string;
    version: number;
    status: 'PENDING' | 'SIGNED' | 'SUPERSEDED';
    signedAt: string | null;
  }>;
}

const keyOf = (projectId: number, userId: number) => `${projectId}:${userId}`;

/**
 * Partners with ledger entries or agreements in the projects (optionally one partner), keyed `projectId:userId`.
 */
export async function agreementStatuses(
  tx: Tx,
  projectIds: number[],
  userId?: number,
): Promise<Map<string, PartnerAgreementStatus>> {
  if (!projectIds.length) return new Map();
  const [versions, entries] = await Promise.all([
    tx.agreement.findMany({
      where: { projectId: { in: projectIds }, ...(userId ? { userId } : {}) },
      select: VERSION_SELECT,
      orderBy: [{ seq: 'asc' }, { version: 'asc' }],
    }),
    tx.capitalEntry.findMany({
      where: { projectId: { in: projectIds }, holder: 'PARTNER', ...(userId ? { userId } : { userId: { not: null } }) },
      select: {
        id: true,
        projectId: true,
        userId: true,
        level: true,
        kind: true,
        committedDelta: true,
        paidDelta: true,
        valueDate: true,
        adjustmentId: true,
        exitId: true,
        createdAt: true,
      },
      orderBy: { id: 'asc' },
    }),
  ]);
  const vs = new Map<string, VersionRow[]>();
  for (const v of versions) vs.set(keyOf(v.projectId, v.userId), [...(vs.get(keyOf(v.projectId, v.userId)) ?? []), v]);
  const es = new Map<string, Array<PartnerEntry & { createdAt: Date }>>();
  for (const e of entries) {
    const k = keyOf(e.projectId, e.userId!);
    const list = es.get(k) ?? [];
    list.push({
      id: e.id,
      level: e.level as Level,
      kind: e.kind,
      committedDelta: dec(e.committedDelta.toString()),
      paidDelta: dec(e.paidDelta.toString()),
      valueDate: formatDate(e.valueDate),
      adjustmentId: e.adjustmentId,
      exitId: e.exitId,
      createdAt: e.createdAt,
    });
    es.set(k, list);
  }
  const out = new Map<string, PartnerAgreementStatus>();
  for (const k of new Set([...vs.keys(), ...es.keys()])) {
    const [projectId, uid] = k.split(':').map(Number) as [number, number];
    const mine = vs.get(k) ?? [];
    const ledger = es.get(k) ?? [];
    const current = currentVersions(mine);
    const waiting = current.filter((v) => v.status === 'PENDING');
    const firstCommitment = ledger.find((e) => !e.committedDelta.isZero());
    out.set(k, {
      projectId,
      userId: uid,
      state: stateOf(mine),
      outdated: isOutdated(mine, subjectsOf(ledger)),
      pending: waiting.length,
      pendingSince: waiting.length
        ? shanghaiDay(new Date(Math.min(...waiting.map((v) => v.generatedAt.getTime()))))
        : null,
      committedSince: firstCommitment ? firstCommitment.valueDate : null,
      lastEntryOn: ledger.length ? shanghaiDay(ledger[ledger.length - 1]!.createdAt) : null,
      documents: current.map((v) => ({
        id: v.id,
        title: v.title,
        number: v.number,
        version: v.version,
        status: v.status,
        signedAt: v.signedAt ? v.signedAt.toISOString() : null,
      })),
    });
  }
  return out;
}
