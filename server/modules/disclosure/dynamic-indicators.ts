/**
 * 盈亏动态: the 动态 values of every 盈利指标 field and the key milestones' actual dates per quarter, compared with
 * 立项. Each quarter is its own row (the history); a save is checked against the version the accountant loaded and
 * audited with the fields it changed. Saving the newest quarter also updates the project's current 动态 values
 * (ProfitIndicator DYNAMIC, read by reports) and the milestones' actual dates (Milestone.actualOn).
 */
import type { Deps } from '../../deps';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { AppError, notFound, versionConflict } from '../../lib/errors';
import { MILESTONE_KINDS, MILESTONE_LABEL } from '../../../shared/api/labels';
import {
  INDICATOR_FIELDS,
  INDICATOR_META,
  periodLabel,
  type TDynamicHistory,
  type TDynamicOverview,
  type TDynamicSave,
} from '../../../shared/api/disclosure';
import { approvalBase, indicatorValues, snapshotOf } from './repository';
import { formatIndicator } from './calc/compare';
import { z } from 'zod';

const ENTITY = 'DynamicIndicator';

export async function getDynamicOverview(deps: Deps, projectId: number): Promise<TDynamicOverview> {
  const [base, rows] = await Promise.all([
    approvalBase(deps.db, projectId),
    deps.db.dynamicIndicator.findMany({ where: { projectId }, orderBy: { period: 'asc' } }),
  ]);
  const users = await deps.db.user.findMany({
    where: { id: { in: rows.flatMap((r) => (r.updatedById ? [r.updatedById] : [])) } },
    select: { id: true, name: true },
  });
  return {
    approval: base.approval,
    plannedMilestones: base.planned,
    periods: rows.map((r) => {
      const snap = snapshotOf(base, r);
      return {
        id: r.id,
        period: r.period,
        periodLabel: periodLabel(r.period),
        values: indicatorValues(r),
        comparison: snap.comparison,
        milestones: snap.milestones,
        note: r.note,
        version: r.version,
        updatedBy: users.find((u) => u.id === r.updatedById)?.name ?? null,
        updatedAt: r.updatedAt.toISOString(),
      };
    }),
  };
}

/** 保存 one quarter: new (version 0) or an edit of the version loaded. */
export async function saveDynamicPeriod(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  period: string,
  input: TDynamicSave,
): Promise<TDynamicOverview> {
  const { version, milestones, note, ...values } = input;
  await deps.db.$transaction(async (tx) => {
    const planned = await tx.milestone.findMany({ where: { projectId }, select: { kind: true } });
    const unknown = milestones.filter((m) => m.actualOn && !planned.some((p) => p.kind === m.kind));
    if (unknown.length)
      throw new AppError(
        'VALIDATION_FAILED',
        `【${unknown.map((m) => MILESTONE_LABEL[m.kind]).join('、')}】没有计划日期，请先在立项的关键节点中填写`,
        unknown.map((m) => ({ path: `milestones.${milestones.indexOf(m)}.actualOn`, message: '立项中没有该节点' })),
      );
    const stored = MILESTONE_KINDS.flatMap((kind) => {
      const m = milestones.find((x) => x.kind === kind);
      return m ? [{ kind, actualOn: m.actualOn }] : [];
    });
    const data = {
      salesRevenue: values.salesRevenue ?? null,
      totalCost: values.totalCost ?? null,
      netProfit: values.netProfit ?? null,
      netMargin: values.netMargin ?? null,
      irr: values.irr ?? null,
      paybackMonths: values.paybackMonths ?? null,
      milestones: stored,
      note: note ?? null,
      updatedById: who.actorId,
    };
    const before = await tx.dynamicIndicator.findUnique({ where: { projectId_period: { projectId, period } } });
    let id: number;
    if (!before) {
      if (version !== 0) throw versionConflict('盈亏动态');
      id = (await tx.dynamicIndicator.create({ data: { projectId, period, ...data } })).id;
    } else {
      const { count } = await tx.dynamicIndicator.updateMany({
        where: { id: before.id, version },
        data: { ...data, version: { increment: 1 } },
      });
      if (!count) throw versionConflict('盈亏动态', before.version);
      id = before.id;
    }
    await writeAudit(tx, who, {
      action: before ? 'update' : 'create',
      entity: ENTITY,
      entityId: id,
      projectId,
      before: before && { period, ...indicatorValues(before), milestones: before.milestones, note: before.note },
      after: { period, ...indicatorValues(data), milestones: stored, note: data.note },
    });
    // the newest quarter is the project's current 动态: reports read it, 关键节点 show its actual dates
    const newest = await tx.dynamicIndicator.findFirst({
      where: { projectId },
      orderBy: { period: 'desc' },
      select: { period: true },
    });
    if (newest?.period === period) {
      const { milestones: _m, note: _n, updatedById: _u, ...indicator } = data;
      await tx.profitIndicator.upsert({
        where: { projectId_phase: { projectId, phase: 'DYNAMIC' } },
        create: { projectId, phase: 'DYNAMIC', ...indicator },
        update: indicator,
      });
      for (const m of stored)
        await tx.milestone.updateMany({
          where: { projectId, kind: m.kind },
          data: { actualOn: m.actualOn ? new Date(`${m.actualOn}T00:00:00Z`) : null },
        });
    }
  });
  return getDynamicOverview(deps, projectId);
}

const ZAuditSide = z
  .object({ milestones: z.array(z.object({ kind: z.string(), actualOn: z.string().nullable() })).nullish() })
  .catchall(z.unknown())
  .nullable();

/** 修改记录 of one quarter: each audited save with the fields it changed. */
export async function dynamicHistory(deps: Deps, projectId: number, period: string): Promise<TDynamicHistory> {
  const row = await deps.db.dynamicIndicator.findUnique({ where: { projectId_period: { projectId, period } } });
  if (!row) throw notFound('盈亏动态');
  const logs = await deps.db.auditLog.findMany({
    where: { entity: ENTITY, entityId: String(row.id), projectId },
    orderBy: { at: 'desc' },
  });
  const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : String(v));
  const asShown = (field: (typeof INDICATOR_FIELDS)[number], v: unknown) =>
    shown(v) === '—' ? '—' : formatIndicator(INDICATOR_META[field].unit, String(v));
  return logs.map((log) => {
    const before = ZAuditSide.parse(log.before ?? null) ?? {};
    const after = ZAuditSide.parse(log.after ?? null) ?? {};
    const changes: TDynamicHistory[number]['changes'] = [];
    for (const field of INDICATOR_FIELDS)
      if (shown(before[field]) !== shown(after[field]))
        changes.push({
          field,
          label: INDICATOR_META[field].label,
          before: asShown(field, before[field]),
          after: asShown(field, after[field]),
        });
    for (const kind of MILESTONE_KINDS) {
      const b = before.milestones?.find((m) => m.kind === kind)?.actualOn ?? null;
      const a = after.milestones?.find((m) => m.kind === kind)?.actualOn ?? null;
      if (shown(b) !== shown(a))
        changes.push({ field: kind, label: `${MILESTONE_LABEL[kind]}实际日期`, before: shown(b), after: shown(a) });
    }
    if (shown(before.note) !== shown(after.note))
      changes.push({ field: 'note', label: '说明', before: shown(before.note), after: shown(after.note) });
    return { at: log.at.toISOString(), actorName: log.actorName, action: log.action, changes };
  });
}
