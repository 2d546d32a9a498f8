import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError, versionConflict } from '../../lib/errors';
import type { Tx } from '../../lib/db';
import type { ZBasics, ZIndicators, ZMilestones, ZScheme, ZShareholders } from '../../../shared/api/scheme';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString, ratioString, type MoneyInput } from '../../../shared/money';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { dateOnly } from '../projects/repository';
import { transitionRound } from '../subscription/round-state';
import { checkMilestones, checkSchemeRatios, checkShareholders, type FieldProblem } from './validate';

const str = (v: { toString(): string } | null | undefined) => (v === null || v === undefined ? null : v.toString());
/** Stored amounts and ratios in their wire forms (shared/money's named points), null kept. */
const money = (v: MoneyInput | null | undefined) => (v === null || v === undefined ? null : moneyString(v));
const ratio = (v: MoneyInput | null | undefined) => (v === null || v === undefined ? null : ratioString(v));

function fail(problems: FieldProblem[]): void {
  if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]!.message, problems);
}

/** Once a scheme is in review or approved, its numbers change only through 立项信息变更 / 资金峰值调整. */
async function assertSchemeEditable(tx: Tx, projectId: number): Promise<void> {
  const locked = await tx.subscriptionRound.findFirst({
    where: { projectId, status: { in: ['IN_REVIEW', 'APPROVED', 'CONFIRMED', 'CLOSED'] } },
    select: { status: true },
  });
  if (locked) throw new AppError('INVALID_STATE', '方案已送审或已立项，修改请走【立项信息变更】或【资金峰值调整】流程');
}

export async function getSetup(deps: Deps, projectId: number) {
  const [basics, shareholders, scheme, milestones, indicators] = await Promise.all([
    deps.db.projectBasics.findUnique({ where: { projectId } }),
    deps.db.shareholder.findMany({ where: { projectId }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] }),
    deps.db.projectScheme.findUnique({ where: { projectId } }),
    deps.db.milestone.findMany({ where: { projectId } }),
    deps.db.profitIndicator.findUnique({ where: { projectId_phase: { projectId, phase: 'APPROVAL' } } }),
  ]);
  return {
    basics: basics && {
      ...basics,
      landArea: money(basics.landArea),
      floorArea: money(basics.floorArea),
      saleableArea: money(basics.saleableArea),
      landPrice: money(basics.landPrice),
      totalInvestment: money(basics.totalInvestment),
      updatedAt: basics.updatedAt.toISOString(),
    },
    shareholders: shareholders.map((s) => ({
      id: s.id,
      name: s.name,
      equityRatio: ratio(s.equityRatio)!,
      isOurs: s.isOurs,
      capitalContribution: money(s.capitalContribution),
    })),
    scheme: scheme && {
      ...scheme,
      peakCapital: money(scheme.peakCapital)!,
      holdingRatio: ratio(scheme.holdingRatio)!,
      groupRatio: ratio(scheme.groupRatio)!,
      cityRatio: ratio(scheme.cityRatio)!,
      otherRatio: ratio(scheme.otherRatio)!,
      totalRatio: ratio(scheme.totalRatio)!,
      maxTotalRatio: ratio(scheme.maxTotalRatio)!,
      perPersonCapRatio: ratio(scheme.perPersonCapRatio),
      lateEntryRate: ratio(scheme.lateEntryRate)!,
      allocationUnit: money(scheme.allocationUnit)!,
      peakConfirmedAt: scheme.peakConfirmedAt?.toISOString() ?? null,
      createdAt: scheme.createdAt.toISOString(),
      updatedAt: scheme.updatedAt.toISOString(),
    },
    milestones: milestones.map((m) => ({
      kind: m.kind,
      plannedOn: formatDate(m.plannedOn),
      actualOn: m.actualOn ? formatDate(m.actualOn) : null,
    })),
    indicators: indicators && {
      salesRevenue: money(indicators.salesRevenue),
      totalCost: money(indicators.totalCost),
      netProfit: money(indicators.netProfit),
      netMargin: str(indicators.netMargin),
      irr: str(indicators.irr),
      paybackMonths: indicators.paybackMonths,
    },
  };
}

export async function saveBasics(deps: Deps, who: AuditActor, projectId: number, input: z.infer<typeof ZBasics>) {
  await deps.db.$transaction(async (tx) => {
    const before = await tx.projectBasics.findUnique({ where: { projectId } });
    const { version, ...data } = input;
    if (!before) {
      if (version !== 0) throw versionConflict('基础信息');
      await tx.projectBasics.create({ data: { projectId, ...data } });
    } else {
      const { count } = await tx.projectBasics.updateMany({
        where: { projectId, version },
        data: { ...data, version: { increment: 1 } },
      });
      if (!count) throw versionConflict('基础信息', before.version);
    }
    await writeAudit(tx, who, {
      action: before ? 'update' : 'create',
      entity: 'ProjectBasics',
      entityId: projectId,
      projectId,
      before,
      after: data,
    });
  });
  return getSetup(deps, projectId);
}

const PEAK_LOCKED = '资金峰值已确认，调整请走【峰值变更】';
const PEAK_TERMS = [
  'peakCapital',
  'holdingRatio',
  'groupRatio',
  'cityRatio',
  'otherRatio',
  'perPersonCapRatio',
] as const;

/** Once the 项目资金峰值 flow has confirmed the peak, only a scheme change (峰值变更) changes the peak terms. */
function assertPeakTermsUnchanged(
  before: { peakConfirmedAt: Date | null } & Record<(typeof PEAK_TERMS)[number], unknown>,
  input: Partial<Record<(typeof PEAK_TERMS)[number], unknown>>,
) {
  if (!before.peakConfirmedAt) return;
  const same = (a: unknown, b: unknown) =>
    a === null || a === undefined || b === null || b === undefined
      ? (a ?? null) === (b ?? null)
      : dec(String(a)).equals(dec(String(b)));
  const changed = PEAK_TERMS.filter((k) => !same(before[k], input[k]));
  if (changed.length) throw new AppError('CONFLICT', PEAK_LOCKED, { fields: changed });
}

export async function saveShareholders(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  input: z.infer<typeof ZShareholders>,
) {
  fail(checkShareholders(input.shareholders));
  await deps.db.$transaction(async (tx) => {
    await assertSchemeEditable(tx, projectId);
    const scheme = await tx.projectScheme.findUnique({ where: { projectId }, select: { peakConfirmedAt: true } });
    if (scheme?.peakConfirmedAt) throw new AppError('CONFLICT', PEAK_LOCKED, { fields: ['shareholders'] });
    const before = await tx.shareholder.findMany({ where: { projectId }, orderBy: { sortOrder: 'asc' } });
    await tx.shareholder.deleteMany({ where: { projectId } });
    await tx.shareholder.createMany({
      data: input.shareholders.map((s, i) => ({
        projectId,
        name: s.name,
        equityRatio: s.equityRatio,
        isOurs: s.isOurs,
        capitalContribution: s.capitalContribution ?? null,
        sortOrder: i,
      })),
    });
    await writeAudit(tx, who, {
      action: 'update',
      entity: 'Shareholder',
      entityId: projectId,
      projectId,
      before,
      after: input.shareholders,
    });
  });
  return getSetup(deps, projectId);
}

export async function saveScheme(deps: Deps, who: AuditActor, projectId: number, input: z.infer<typeof ZScheme>) {
  fail(checkSchemeRatios({ ...input, perPersonCapRatio: input.perPersonCapRatio ?? null }));
  if (input.tieBreak === 'PAYMENT_ORDER')
    throw new AppError(
      'UNPROCESSABLE',
      '不支持“按缴款先后”分配：本系统先测算、审批后才缴款，测算时还没有缴款顺序，请选择“按认购比例”',
      { field: 'tieBreak' },
    );
  await deps.db.$transaction(async (tx) => {
    await assertSchemeEditable(tx, projectId);
    const before = await tx.projectScheme.findUnique({ where: { projectId } });
    if (before) assertPeakTermsUnchanged(before, { ...input, perPersonCapRatio: input.perPersonCapRatio ?? null });
    const { version, ...data } = input;
    const row = { ...data, perPersonCapRatio: data.perPersonCapRatio ?? null };
    if (!before) {
      if (version !== 0) throw versionConflict('立项信息');
      await tx.projectScheme.create({ data: { projectId, ...row } });
    } else {
      const { count } = await tx.projectScheme.updateMany({
        where: { projectId, version },
        data: { ...row, version: { increment: 1 } },
      });
      if (!count) throw versionConflict('立项信息', before.version);
    }
    await writeAudit(tx, who, {
      action: before ? 'update' : 'create',
      entity: 'ProjectScheme',
      entityId: projectId,
      projectId,
      before,
      after: row,
    });
    // a 测算 made under the old numbers no longer holds: those rounds must be calculated again
    for (const round of await tx.subscriptionRound.findMany({
      where: { projectId, status: 'CALCULATED' },
      select: { id: true, status: true, version: true },
    })) {
      await tx.roundPartner.updateMany({
        where: { roundId: round.id },
        data: { allocatedAmount: null, investedAmount: null, editReason: null, version: { increment: 1 } },
      });
      await tx.platformAllocation.deleteMany({ where: { roundId: round.id } });
      await transitionRound(tx, round.id, 'requireRecalculation', {
        actor: who,
        expected: round,
        data: { calculatedAt: null },
        audit: { after: { reason: '立项信息已修改，须重新测算' } },
      });
    }
  });
  return getSetup(deps, projectId);
}

export async function saveMilestones(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  input: z.infer<typeof ZMilestones>,
) {
  fail(checkMilestones(input.milestones));
  await deps.db.$transaction(async (tx) => {
    const before = await tx.milestone.findMany({ where: { projectId } });
    await tx.milestone.deleteMany({ where: { projectId } });
    await tx.milestone.createMany({
      data: input.milestones.map((m) => ({
        projectId,
        kind: m.kind,
        plannedOn: dateOnly(m.plannedOn)!,
        actualOn: dateOnly(m.actualOn ?? null),
      })),
    });
    await writeAudit(tx, who, {
      action: 'update',
      entity: 'Milestone',
      entityId: projectId,
      projectId,
      before,
      after: input.milestones,
    });
  });
  return getSetup(deps, projectId);
}

export async function saveIndicators(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  input: z.infer<typeof ZIndicators>,
) {
  await deps.db.$transaction(async (tx) => {
    const key = { projectId_phase: { projectId, phase: 'APPROVAL' as const } };
    const before = await tx.profitIndicator.findUnique({ where: key });
    await tx.profitIndicator.upsert({ where: key, create: { projectId, phase: 'APPROVAL', ...input }, update: input });
    await writeAudit(tx, who, {
      action: before ? 'update' : 'create',
      entity: 'ProfitIndicator',
      entityId: projectId,
      projectId,
      before,
      after: input,
    });
  });
  return getSetup(deps, projectId);
}
