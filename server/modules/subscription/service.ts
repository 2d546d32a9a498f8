/**
 * 认购: rounds (立项认购 / 补投认购), the partner list, 认购通知, the partners' subscriptions, 测算 with
 * the accountant's edits (投资明细), and 送审 into 方案审核.
 */
import type { z } from 'zod';
import type { Deps } from '../../deps';
import type { Prisma } from '../../generated/prisma/client';
import type { Tx } from '../../lib/db';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import {
  CATEGORY_LABEL,
  LEVEL_LABEL,
  type ZLineEdit,
  type ZRoundCreate,
  type ZRoundPartnersAdd,
} from '../../../shared/api/scheme';
import { eappUrl } from '../../../shared/deeplinks';
import { formatDate, formatDateTime } from '../../../shared/datetime';
import { dec, Dec, formatMoney, moneyString, sumMoney } from '../../../shared/money';
import { systemActor, writeAudit, type AuditActor } from '../audit/audit';
import { enqueueNotifications, createNotificationBatch } from '../notify/outbox';
import { registerReviewSubject, submitForReview } from '../reviews/service';
import { allocate, levelCaps, type Level } from './calc/allocation';

type Round = Prisma.SubscriptionRoundGetPayload<object>;

export async function loadScheme(tx: Tx, projectId: number) {
  const scheme = await tx.projectScheme.findUnique({ where: { projectId } });
  if (!scheme) throw invalidState('请先在【立项信息】中填写资金峰值和合伙投资占比');
  return scheme;
}
type Scheme = Awaited<ReturnType<typeof loadScheme>>;

const ratiosOf = (s: Scheme): Record<Level, Decimal> => ({
  HOLDING: dec(s.holdingRatio),
  GROUP: dec(s.groupRatio),
  CITY: dec(s.cityRatio),
  OTHER: dec(s.otherRatio),
});
type Decimal = ReturnType<typeof dec>;

/** The highest amount one person may hold: peak × per-person ratio, rounded down to the allocation unit. */
export function personCap(s: Scheme): Decimal | null {
  if (!s.perPersonCapRatio) return null;
  const unit = dec(s.allocationUnit);
  return dec(s.peakCapital).times(dec(s.perPersonCapRatio)).dividedToIntegerBy(unit).times(unit);
}

async function loadRound(tx: Tx, projectId: number, roundId: number): Promise<Round> {
  const round = await tx.subscriptionRound.findFirst({ where: { id: roundId, projectId } });
  if (!round) throw notFound('认购轮次');
  return round;
}

function assertStatus(round: Round, allowed: Round['status'][], what: string) {
  const label: Record<Round['status'], string> = {
    DRAFT: '草稿',
    OPEN: '认购中',
    CALCULATED: '已测算',
    IN_REVIEW: '审核中',
    APPROVED: '审核通过',
    CONFIRMED: '已立项',
    CLOSED: '已完成',
  };
  if (!allowed.includes(round.status))
    throw invalidState(`当前轮次状态为【${label[round.status]}】，不能${what}`, { status: round.status });
}

/** Bumps the round's version so concurrent edits of the same round are detected. */
async function touchRound(
  tx: Tx,
  round: Round,
  data: Prisma.SubscriptionRoundUpdateManyMutationInput = {},
): Promise<void> {
  const { count } = await tx.subscriptionRound.updateMany({
    where: { id: round.id, version: round.version },
    data: { ...data, version: { increment: 1 } },
  });
  if (!count) throw versionConflict('认购轮次', round.version);
}

// ---- rounds -------------------------------------------------------------------------------------------------

export async function createRound(deps: Deps, who: AuditActor, projectId: number, input: z.infer<typeof ZRoundCreate>) {
  return deps.db.$transaction(async (tx) => {
    await loadScheme(tx, projectId);
    const rounds = await tx.subscriptionRound.findMany({ where: { projectId }, orderBy: { seq: 'asc' } });
    if (input.kind === 'INITIAL' && rounds.length) throw invalidState('该项目已有立项认购，新增合伙请建【补投认购】');
    if (input.kind === 'SUPPLEMENT') {
      if (!rounds.length) throw invalidState('请先完成立项认购');
      const open = rounds.find((r) => !['CONFIRMED', 'CLOSED'].includes(r.status));
      if (open) throw invalidState(`【${open.title}】尚未立项，完成后再建补投认购`);
    }
    const deadline = new Date(input.deadline);
    if (deadline <= new Date())
      throw new AppError('VALIDATION_FAILED', '认购截止时间应晚于当前时间', [
        { path: 'deadline', message: '认购截止时间应晚于当前时间' },
      ]);
    if (input.dueDate && input.dueDate < formatDate(deadline))
      throw new AppError('VALIDATION_FAILED', '缴款截止日不能早于认购截止日', [
        { path: 'dueDate', message: '缴款截止日不能早于认购截止日' },
      ]);
    const seq = rounds.length + 1;
    const title = input.title ?? (input.kind === 'INITIAL' ? '立项认购' : `补投认购（第 ${seq - 1} 次）`);
    const round = await tx.subscriptionRound.create({
      data: {
        projectId,
        kind: input.kind,
        seq,
        title,
        deadline,
        dueDate: input.dueDate ? new Date(`${input.dueDate}T00:00:00Z`) : null,
        createdById: who.actorId,
      },
    });
    await writeAudit(tx, who, {
      action: 'create',
      entity: 'SubscriptionRound',
      entityId: round.id,
      projectId,
      after: round,
    });
    return round;
  });
}

export async function listRounds(deps: Deps, projectId: number) {
  const rounds = await deps.db.subscriptionRound.findMany({
    where: { projectId },
    orderBy: { seq: 'asc' },
    include: { _count: { select: { partners: true } } },
  });
  return rounds.map((r) => ({
    id: r.id,
    kind: r.kind,
    seq: r.seq,
    title: r.title,
    status: r.status,
    deadline: r.deadline.toISOString(),
    dueDate: r.dueDate ? formatDate(r.dueDate) : null,
    partnerCount: r._count.partners,
    noticeSentAt: r.noticeSentAt?.toISOString() ?? null,
    version: r.version,
  }));
}

/** The round as the accountant works on it: every line with limits, subscription, 测算, 投资明细 and payment, plus level totals. */
export async function roundDetail(deps: Deps, projectId: number, roundId: number) {
  const round = await loadRound(deps.db, projectId, roundId);
  const scheme = await loadScheme(deps.db, projectId);
  const [lines, platform, review] = await Promise.all([
    deps.db.roundPartner.findMany({
      where: { roundId },
      orderBy: { id: 'asc' },
      include: {
        user: { select: { id: true, name: true, dingUserId: true, status: true, orgUnit: { select: { name: true } } } },
        payment: true,
      },
    }),
    deps.db.platformAllocation.findMany({ where: { roundId } }),
    deps.db.review.findFirst({ where: { subjectType: 'ROUND', subjectId: roundId }, orderBy: { id: 'desc' } }),
  ]);
  const caps = levelCaps(dec(scheme.peakCapital), ratiosOf(scheme), dec(scheme.allocationUnit));
  const levels = (Object.keys(caps) as Level[])
    .filter((l) => dec(caps[l]).greaterThan(0) || lines.some((x) => x.level === l))
    .map((level) => {
      const mine = lines.filter((l) => l.level === level);
      return {
        level,
        label: LEVEL_LABEL[level],
        cap: moneyString(caps[level]),
        subscribed: moneyString(sumMoney(mine.map((l) => l.subscribedAmount ?? 0))),
        allocated: moneyString(sumMoney(mine.map((l) => l.allocatedAmount ?? 0))),
        invested: moneyString(sumMoney(mine.map((l) => l.investedAmount ?? 0))),
        platform: moneyString(platform.find((p) => p.level === level)?.amount ?? 0),
      };
    });
  return {
    round: {
      id: round.id,
      kind: round.kind,
      seq: round.seq,
      title: round.title,
      status: round.status,
      deadline: round.deadline.toISOString(),
      dueDate: round.dueDate ? formatDate(round.dueDate) : null,
      noticeSentAt: round.noticeSentAt?.toISOString() ?? null,
      calculatedAt: round.calculatedAt?.toISOString() ?? null,
      version: round.version,
    },
    unit: moneyString(scheme.allocationUnit),
    personCap: personCap(scheme) ? moneyString(personCap(scheme)!) : null,
    levels,
    lines: lines.map((l) => ({
      id: l.id,
      user: { id: l.user.id, name: l.user.name, company: l.user.orgUnit?.name ?? null, status: l.user.status },
      level: l.level,
      category: l.category,
      minAmount: moneyString(l.minAmount),
      maxAmount: moneyString(l.maxAmount),
      subscribedAmount: l.subscribedAmount === null ? null : moneyString(l.subscribedAmount),
      subscribedAt: l.subscribedAt?.toISOString() ?? null,
      allocatedAmount: l.allocatedAmount === null ? null : moneyString(l.allocatedAmount),
      investedAmount: l.investedAmount === null ? null : moneyString(l.investedAmount),
      editReason: l.editReason,
      payment: l.payment
        ? {
            id: l.payment.id,
            amountDue: moneyString(l.payment.amountDue),
            paidAmount: moneyString(l.payment.paidAmount),
            status: l.payment.status,
            dueDate: formatDate(l.payment.dueDate),
            version: l.payment.version,
          }
        : null,
      version: l.version,
    })),
    review: review && {
      id: review.id,
      status: review.status,
      reason: review.reason,
      decidedAt: review.decidedAt?.toISOString() ?? null,
      version: review.version,
    },
  };
}

// ---- the partner list (合伙名单) ---------------------------------------------------------------------------

/** Limits must be whole allocation units, lower ≤ upper, and the upper within the per-person cap. */
export function checkLimits(scheme: Scheme, min: string, max: string): string | null {
  const unit = dec(scheme.allocationUnit);
  if (!dec(min).mod(unit).isZero() || !dec(max).mod(unit).isZero())
    return `认购上下限须为分配单位 ${formatMoney(unit)} 的整数倍`;
  if (dec(min).greaterThan(dec(max))) return '认购下限不能高于上限';
  const cap = personCap(scheme);
  if (cap && dec(max).greaterThan(cap)) return `认购上限不能超过单人上限 ${formatMoney(cap)}`;
  return null;
}

export async function addPartners(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roundId: number,
  input: z.infer<typeof ZRoundPartnersAdd>,
) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertStatus(round, ['DRAFT', 'OPEN'], '修改合伙名单');
    const scheme = await loadScheme(tx, projectId);
    const problems: { path: string; message: string }[] = [];
    const users = await tx.user.findMany({
      where: { id: { in: input.partners.map((p) => p.userId) } },
      select: { id: true, name: true, status: true },
    });
    const existing = new Set(
      (await tx.roundPartner.findMany({ where: { roundId }, select: { userId: true } })).map((r) => r.userId),
    );
    const seen = new Set<number>();
    input.partners.forEach((p, i) => {
      const u = users.find((x) => x.id === p.userId);
      if (!u) problems.push({ path: `partners.${i}.userId`, message: '用户不存在' });
      else if (u.status !== 'ACTIVE')
        problems.push({ path: `partners.${i}.userId`, message: `${u.name} 已离职或停用` });
      if (existing.has(p.userId) || seen.has(p.userId))
        problems.push({ path: `partners.${i}.userId`, message: `${u?.name ?? p.userId} 已在合伙名单中` });
      seen.add(p.userId);
      const limit = checkLimits(scheme, p.minAmount, p.maxAmount);
      if (limit) problems.push({ path: `partners.${i}.maxAmount`, message: limit });
    });
    if (problems.length) throw new AppError('VALIDATION_FAILED', problems[0]!.message, problems);
    await tx.roundPartner.createMany({ data: input.partners.map((p) => ({ roundId, ...p })) });
    await touchRound(tx, round);
    await writeAudit(tx, who, {
      action: 'add_partners',
      entity: 'SubscriptionRound',
      entityId: roundId,
      projectId,
      after: input.partners,
    });
    return { added: input.partners.length };
  });
}

export async function removePartner(deps: Deps, who: AuditActor, projectId: number, roundId: number, lineId: number) {
  await deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertStatus(round, ['DRAFT', 'OPEN'], '修改合伙名单');
    const line = await tx.roundPartner.findFirst({ where: { id: lineId, roundId } });
    if (!line) throw notFound('合伙人');
    await tx.roundPartner.delete({ where: { id: lineId } });
    await touchRound(tx, round);
    await writeAudit(tx, who, {
      action: 'remove_partner',
      entity: 'RoundPartner',
      entityId: lineId,
      projectId,
      before: line,
    });
  });
}

/** 认购通知: an action card that opens the subscription page; sent to partners who have not answered yet. */
export async function sendSubscriptionNotices(deps: Deps, who: AuditActor, projectId: number, roundId: number) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertStatus(round, ['DRAFT', 'OPEN'], '发送认购通知');
    if (round.deadline <= new Date()) throw invalidState('认购已截止，不能再发送认购通知');
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const lines = await tx.roundPartner.findMany({
      where: { roundId, subscribedAmount: null },
      include: { user: { select: { id: true, dingUserId: true, status: true } } },
    });
    const targets = lines.filter((l) => l.user.dingUserId && l.user.status === 'ACTIVE');
    if (!targets.length) throw invalidState('没有需要通知的合伙人（名单为空或都已认购）');
    const batch = await createNotificationBatch(tx, {
      kind: 'subscription_notice',
      title: `${project.name} ${round.title} 认购通知`,
      projectId,
      createdById: who.actorId ?? undefined,
    });
    const url = eappUrl('subscribe', { projectId });
    const sentAt = new Date();
    await enqueueNotifications(
      tx,
      targets.map((l) => ({
        channel: 'WORK' as const,
        kind: 'subscription_notice',
        userId: l.user.id,
        dingUserId: l.user.dingUserId!,
        dedupeKey: `round:${roundId}:notice:${l.id}:${sentAt.getTime()}`,
        msg: {
          msgtype: 'action_card' as const,
          action_card: {
            title: `${project.name} 认购通知`,
            markdown: `### ${project.name} · ${round.title}\n\n您的认购区间：${formatMoney(l.minAmount)} – ${formatMoney(l.maxAmount)}（${CATEGORY_LABEL[l.category]}，${LEVEL_LABEL[l.level]}）\n\n截止时间：${formatDateTime(round.deadline)}\n\n（${formatDateTime(sentAt)} 发出）`,
            single_title: '去认购',
            single_url: url,
          },
        },
      })),
      { batchId: batch.id },
    );
    await touchRound(tx, round, { status: 'OPEN', noticeSentAt: sentAt });
    await writeAudit(tx, who, {
      action: 'send_notices',
      entity: 'SubscriptionRound',
      entityId: roundId,
      projectId,
      before: { status: round.status },
      after: { status: 'OPEN', recipients: targets.length, batchId: batch.id },
    });
    return { batchId: batch.id, recipients: targets.length };
  });
}

// ---- the partner's own subscription (mini-program) ------------------------------------------------------

export async function myOpenEntry(db: Tx, userId: number, projectId: number) {
  return db.roundPartner.findFirst({
    where: { userId, round: { projectId } },
    orderBy: { round: { seq: 'desc' } },
    include: { round: { omit: { calcSnapshot: true } }, user: { select: { id: true } } },
  });
}

/** The partner subscribes (or changes it) within their limits before the deadline; 0 declines (not for 强投). */
export async function subscribe(deps: Deps, who: AuditActor, userId: number, projectId: number, amount: string) {
  return deps.db.$transaction(async (tx) => {
    const entry = await myOpenEntry(tx, userId, projectId);
    if (!entry) throw notFound('您在该项目的认购邀请');
    if (entry.round.status !== 'OPEN')
      throw invalidState(entry.round.status === 'DRAFT' ? '认购尚未开始' : '认购已结束，不能再修改');
    if (new Date() > entry.round.deadline) throw invalidState(`认购已于 ${formatDateTime(entry.round.deadline)} 截止`);
    const scheme = await loadScheme(tx, projectId);
    const unit = dec(scheme.allocationUnit);
    const value = dec(amount);
    const cap = personCap(scheme);
    const max = cap && cap.lessThan(dec(entry.maxAmount)) ? cap : dec(entry.maxAmount);
    const declining = value.isZero();
    if (declining && entry.category === 'MANDATORY')
      throw new AppError('VALIDATION_FAILED', `您是强投人员，认购金额不能低于 ${formatMoney(entry.minAmount)}`, [
        { path: 'amount', message: '强投人员不能放弃认购' },
      ]);
    if (!declining && (value.lessThan(dec(entry.minAmount)) || value.greaterThan(max))) {
      throw new AppError(
        'VALIDATION_FAILED',
        `认购金额应在 ${formatMoney(entry.minAmount)} 至 ${formatMoney(max)} 之间`,
        [{ path: 'amount', message: `应在 ${formatMoney(entry.minAmount)} 至 ${formatMoney(max)} 之间` }],
      );
    }
    if (!value.mod(unit).isZero())
      throw new AppError('VALIDATION_FAILED', `认购金额须为 ${formatMoney(unit)} 的整数倍`, [
        { path: 'amount', message: `须为 ${formatMoney(unit)} 的整数倍` },
      ]);
    const { count } = await tx.roundPartner.updateMany({
      where: { id: entry.id, version: entry.version },
      data: { subscribedAmount: value.toFixed(2), subscribedAt: new Date(), version: { increment: 1 } },
    });
    if (!count) throw versionConflict('认购');
    await writeAudit(tx, who, {
      action: declining ? 'decline' : 'subscribe',
      entity: 'RoundPartner',
      entityId: entry.id,
      projectId,
      before: { subscribedAmount: entry.subscribedAmount },
      after: { subscribedAmount: value.toFixed(2) },
    });
    return entry.id;
  });
}

// ---- 测算 and 投资明细 ------------------------------------------------------------------------------------------

/** Runs 测算 over the subscriptions and stores it as the draft 投资明细 (edits start again from it). */
export async function calculate(deps: Deps, who: AuditActor, projectId: number, roundId: number) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertStatus(round, ['OPEN', 'CALCULATED'], '测算');
    if (round.status === 'OPEN' && new Date() <= round.deadline)
      throw invalidState(`认购截止（${formatDateTime(round.deadline)}）后才能测算`);
    const scheme = await loadScheme(tx, projectId);
    const lines = await tx.roundPartner.findMany({ where: { roundId }, orderBy: { id: 'asc' } });
    if (!lines.length) throw invalidState('合伙名单为空');
    // a supplement round must fit in what the earlier rounds left of each level's cap; when it does not, the
    // accountant lowers limits or edits lines (the share-out itself runs against the full level caps)
    const previous = await tx.roundPartner.findMany({
      where: { round: { projectId, seq: { lt: round.seq } } },
      select: { level: true, investedAmount: true },
    });
    const ratios = ratiosOf(scheme);
    const result = allocate({
      peakCapital: dec(scheme.peakCapital),
      levelRatios: ratios,
      allocationUnit: dec(scheme.allocationUnit),
      perPersonCapRatio: scheme.perPersonCapRatio ? dec(scheme.perPersonCapRatio) : null,
      partners: lines.map((l) => ({
        id: l.id,
        level: l.level,
        category: l.category,
        min: dec(l.minAmount),
        max: dec(l.maxAmount),
        subscribed: l.subscribedAmount === null ? null : dec(l.subscribedAmount),
      })),
    });
    if (!result.ok) throw new AppError('UNPROCESSABLE', result.message, { code: result.code, ...result.details });
    if (previous.length) {
      for (const lr of result.levels) {
        const taken = sumMoney(previous.filter((p) => p.level === lr.level).map((p) => p.investedAmount ?? 0));
        if (dec(lr.allocatedTotal).plus(taken).greaterThan(dec(lr.cap)))
          throw new AppError(
            'UNPROCESSABLE',
            `${LEVEL_LABEL[lr.level]}层级剩余额度 ${formatMoney(dec(lr.cap).minus(taken))} 不足以容纳本次认购 ${formatMoney(lr.allocatedTotal)}`,
          );
      }
    }
    for (const line of result.lines) {
      await tx.roundPartner.update({
        where: { id: line.id },
        data: {
          allocatedAmount: line.allocated.toFixed(2),
          investedAmount: line.allocated.toFixed(2),
          editReason: null,
          editedById: null,
          version: { increment: 1 },
        },
      });
    }
    await tx.platformAllocation.deleteMany({ where: { roundId } });
    if (round.kind === 'INITIAL') {
      await tx.platformAllocation.createMany({
        data: result.levels
          .filter((l) => l.platform.greaterThan(0))
          .map((l) => ({ roundId, level: l.level, amount: l.platform.toFixed(2) })),
      });
    }
    const snapshot = {
      lines: result.lines.map((l) => ({ id: l.id, allocated: l.allocated.toFixed(2) })),
      levels: result.levels.map((l) => ({
        level: l.level,
        cap: l.cap.toFixed(2),
        allocated: l.allocatedTotal.toFixed(2),
        platform: l.platform.toFixed(2),
      })),
    };
    await touchRound(tx, round, { status: 'CALCULATED', calculatedAt: new Date(), calcSnapshot: snapshot });
    await writeAudit(tx, who, {
      action: 'calculate',
      entity: 'SubscriptionRound',
      entityId: roundId,
      projectId,
      before: { status: round.status },
      after: { status: 'CALCULATED', ...snapshot },
    });
  });
}

/** The accountant edits a line of 投资明细: audited, re-validated against the limits and the level cap. */
export async function editLine(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roundId: number,
  lineId: number,
  input: z.infer<typeof ZLineEdit>,
) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertStatus(round, ['CALCULATED'], '修改投资明细');
    const scheme = await loadScheme(tx, projectId);
    const line = await tx.roundPartner.findFirst({
      where: { id: lineId, roundId },
      include: { user: { select: { name: true } } },
    });
    if (!line) throw notFound('投资明细行');
    if (line.userId === who.actorId) throw new AppError('FORBIDDEN', '不能调整本人的投资明细，请由其他经营会计调整');
    const value = dec(input.investedAmount);
    const unit = dec(scheme.allocationUnit);
    const cap = personCap(scheme);
    const max = cap && cap.lessThan(dec(line.maxAmount)) ? cap : dec(line.maxAmount);
    const field = (message: string) =>
      new AppError('VALIDATION_FAILED', message, [{ path: 'investedAmount', message }]);
    if (!value.mod(unit).isZero()) throw field(`金额须为 ${formatMoney(unit)} 的整数倍`);
    if (!value.isZero() && (value.lessThan(dec(line.minAmount)) || value.greaterThan(max)))
      throw field(`${line.user.name} 的投资金额应为 0 或在 ${formatMoney(line.minAmount)} 至 ${formatMoney(max)} 之间`);
    if (value.isZero() && line.category === 'MANDATORY') throw field('强投人员的投资金额不能为 0');
    const caps = levelCaps(dec(scheme.peakCapital), ratiosOf(scheme), unit);
    const others = await tx.roundPartner.findMany({
      where: { round: { projectId }, level: line.level, id: { not: lineId } },
      select: { investedAmount: true },
    });
    const levelTotal = sumMoney(others.map((o) => o.investedAmount ?? 0)).plus(value);
    if (levelTotal.greaterThan(dec(caps[line.level])))
      throw field(
        `${LEVEL_LABEL[line.level]}层级合计 ${formatMoney(levelTotal)} 将超过上限 ${formatMoney(caps[line.level])}`,
      );
    const { count } = await tx.roundPartner.updateMany({
      where: { id: lineId, version: input.version },
      data: {
        investedAmount: value.toFixed(2),
        editReason: input.reason,
        editedById: who.actorId,
        version: { increment: 1 },
      },
    });
    if (!count) throw versionConflict('投资明细', line.version);
    await recomputePlatform(tx, round, scheme);
    await touchRound(tx, round);
    await writeAudit(tx, who, {
      action: 'edit_investment',
      entity: 'RoundPartner',
      entityId: lineId,
      projectId,
      before: { investedAmount: line.investedAmount },
      after: { investedAmount: value.toFixed(2), reason: input.reason },
    });
  });
}

async function recomputePlatform(tx: Tx, round: Round, scheme: Scheme) {
  if (round.kind !== 'INITIAL') return;
  const caps = levelCaps(dec(scheme.peakCapital), ratiosOf(scheme), dec(scheme.allocationUnit));
  const lines = await tx.roundPartner.findMany({
    where: { roundId: round.id },
    select: { level: true, investedAmount: true },
  });
  await tx.platformAllocation.deleteMany({ where: { roundId: round.id } });
  const rows = (Object.keys(caps) as Level[])
    .map((level) => ({
      roundId: round.id,
      level,
      amount: dec(caps[level]).minus(
        sumMoney(lines.filter((l) => l.level === level).map((l) => l.investedAmount ?? 0)),
      ),
    }))
    .filter((r) => r.amount.greaterThan(0));
  await tx.platformAllocation.createMany({ data: rows.map((r) => ({ ...r, amount: r.amount.toFixed(2) })) });
}

/** Before review: every line within its limits and the per-person cap, every level within its cap (all rounds of the project). */
async function assertWithinCaps(tx: Tx, scheme: Scheme, round: Round): Promise<void> {
  const caps = levelCaps(dec(scheme.peakCapital), ratiosOf(scheme), dec(scheme.allocationUnit));
  const cap = personCap(scheme);
  const lines = await tx.roundPartner.findMany({
    where: { roundId: round.id },
    include: { user: { select: { name: true } } },
  });
  for (const l of lines) {
    const max = cap && cap.lessThan(dec(l.maxAmount)) ? cap : dec(l.maxAmount);
    if (l.investedAmount === null) throw invalidState(`${l.user.name} 没有投资明细，请先测算`);
    if (dec(l.investedAmount).greaterThan(max))
      throw invalidState(`${l.user.name} 的投资金额 ${formatMoney(l.investedAmount)} 超过上限 ${formatMoney(max)}`);
  }
  const all = await tx.roundPartner.findMany({
    where: { round: { projectId: round.projectId } },
    select: { level: true, investedAmount: true },
  });
  for (const level of Object.keys(caps) as Level[]) {
    const total = sumMoney(all.filter((l) => l.level === level).map((l) => l.investedAmount ?? 0));
    if (total.greaterThan(dec(caps[level])))
      throw invalidState(`${LEVEL_LABEL[level]}层级合计 ${formatMoney(total)} 超过上限 ${formatMoney(caps[level])}`);
  }
}

/** 送审: the calculated scheme goes to the business admin (todo + work notification). */
export async function submitRound(deps: Deps, who: AuditActor, projectId: number, roundId: number) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertStatus(round, ['CALCULATED'], '送审');
    await assertWithinCaps(tx, await loadScheme(tx, projectId), round);
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const total = sumMoney(
      (await tx.roundPartner.findMany({ where: { roundId }, select: { investedAmount: true } })).map(
        (l) => l.investedAmount ?? 0,
      ),
    );
    const review = await submitForReview(tx, deps, who, {
      subjectType: 'ROUND',
      subjectId: roundId,
      projectId,
      title: `${project.name} ${round.title}方案（合计 ${formatMoney(total)}）`,
    });
    await touchRound(tx, round, { status: 'IN_REVIEW' });
    await writeAudit(tx, who, {
      action: 'submit',
      entity: 'SubscriptionRound',
      entityId: roundId,
      projectId,
      before: { status: round.status },
      after: { status: 'IN_REVIEW', reviewId: review.id },
    });
    return review;
  });
}

// 方案审核 of a round: approval lets the BPM flow start; rejection sends it back for edits.
registerReviewSubject('ROUND', {
  label: '方案审核',
  onDecided: async (tx, review, outcome) => {
    const round = await tx.subscriptionRound.findUniqueOrThrow({ where: { id: review.subjectId } });
    if (round.status !== 'IN_REVIEW') throw invalidState('认购轮次不在审核中');
    const status = outcome === 'APPROVED' ? 'APPROVED' : 'CALCULATED';
    await tx.subscriptionRound.update({ where: { id: round.id }, data: { status, version: { increment: 1 } } });
    await writeAudit(tx, systemActor('方案审核'), {
      action: outcome === 'APPROVED' ? 'approved' : 'returned',
      entity: 'SubscriptionRound',
      entityId: round.id,
      projectId: round.projectId,
      before: { status: round.status },
      after: { status, reviewId: review.id, reason: review.reason },
    });
  },
  summary: async (deps, roundId) => {
    const round = await deps.db.subscriptionRound.findUniqueOrThrow({
      where: { id: roundId },
      include: { partners: { include: { user: { select: { name: true } } }, orderBy: { id: 'asc' } } },
    });
    const total = sumMoney(round.partners.map((p) => p.investedAmount ?? 0));
    return {
      amount: moneyString(total),
      text: `${round.title}：${round.partners.filter((p) => dec(p.investedAmount ?? 0).greaterThan(0)).length} 人，合计 ${formatMoney(total)}`,
      lines: round.partners
        .filter((p) => p.investedAmount !== null)
        .map((p) => ({
          label: `${p.user.name}（${LEVEL_LABEL[p.level]}·${CATEGORY_LABEL[p.category]}）`,
          value: moneyString(p.investedAmount ?? new Dec(0)),
          amount: true,
        })),
    };
  },
});
