/**
 * Round corrections: new dates (deadline before 测算, due date before the payment notices; partners on the list are
 * told), a partner line's terms before 测算 (limits, level, category), and closing subscriptions early. All audited.
 */
import type { z } from 'zod';
import type { Deps } from '../../deps';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { CATEGORY_LABEL, LEVEL_LABEL } from '../../../shared/api/scheme';
import type { ZCloseSubscriptions, ZRoundDatesEdit, ZRoundPartnerEdit } from '../../../shared/api/capital';
import { eappUrl } from '../../../shared/deeplinks';
import { formatDate, formatDateTime } from '../../../shared/datetime';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { enqueueNotifications } from '../notify/outbox';
import { checkLimits, upperLimitOf } from './limits';
import { findLine, loadRound, loadScheme, projectName } from './repository';
import { assertRoundIn, touchRound, writeRoundDates } from './round-state';

const roundAnswer = async (deps: Deps, projectId: number, roundId: number) => {
  const r = await loadRound(deps.db, projectId, roundId);
  return {
    id: r.id,
    status: r.status,
    deadline: r.deadline.toISOString(),
    dueDate: r.dueDate ? formatDate(r.dueDate) : null,
    version: r.version,
  };
};

/** PATCH …/rounds/:roundId/dates */
export async function changeRoundDates(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roundId: number,
  input: z.infer<typeof ZRoundDatesEdit>,
) {
  await deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    if (round.version !== input.version) throw versionConflict('认购轮次', round.version);
    const data: { deadline?: Date; dueDate?: Date } = {};
    if (input.deadline !== undefined) {
      assertRoundIn(round, ['DRAFT', 'OPEN'], '修改认购截止时间');
      const deadline = new Date(input.deadline);
      if (deadline <= new Date())
        throw new AppError('VALIDATION_FAILED', '新的认购截止时间须晚于现在', [
          { path: 'deadline', message: '新的认购截止时间须晚于现在' },
        ]);
      data.deadline = deadline;
    }
    if (input.dueDate !== undefined) {
      const noticed = await tx.paymentDue.count({
        where: { roundPartner: { roundId }, noticeSentAt: { not: null } },
      });
      if (noticed || round.status === 'CLOSED') throw invalidState('缴款通知已发出，不能再修改缴款截止日');
      const dueDate = new Date(`${input.dueDate}T00:00:00Z`);
      const deadlineDay = formatDate(data.deadline ?? round.deadline);
      if (input.dueDate < deadlineDay)
        throw new AppError('VALIDATION_FAILED', `缴款截止日不能早于认购截止日 ${deadlineDay}`, [
          { path: 'dueDate', message: `缴款截止日不能早于认购截止日 ${deadlineDay}` },
        ]);
      data.dueDate = dueDate;
      // confirmed rounds: the amounts due (no notice sent yet) move with it
      await tx.paymentDue.updateMany({
        where: { roundPartner: { roundId }, noticeSentAt: null },
        data: { dueDate, version: { increment: 1 } },
      });
    }
    await writeRoundDates(tx, round, data);
    await writeAudit(tx, who, {
      action: 'change_round_dates',
      entity: 'SubscriptionRound',
      entityId: roundId,
      projectId,
      before: { deadline: round.deadline, dueDate: round.dueDate ? formatDate(round.dueDate) : null },
      after: { ...data, dueDate: data.dueDate ? formatDate(data.dueDate) : undefined, reason: input.reason ?? null },
    });
    // partners on the list are told (the text carries the new dates, so it is never a same-day duplicate)
    const name = await projectName(tx, projectId);
    const lines = await tx.roundPartner.findMany({
      where: { roundId },
      select: { id: true, user: { select: { id: true, dingUserId: true, status: true } } },
    });
    const parts = [
      ...(data.deadline ? [`认购截止时间改为 ${formatDateTime(data.deadline)}`] : []),
      ...(data.dueDate ? [`缴款截止日改为 ${formatDate(data.dueDate)}`] : []),
    ];
    const now = new Date();
    await enqueueNotifications(
      tx,
      lines
        .filter((l) => l.user.dingUserId && l.user.status === 'ACTIVE')
        .map((l) => ({
          channel: 'WORK' as const,
          kind: 'round_dates_changed',
          userId: l.user.id,
          dingUserId: l.user.dingUserId!,
          dedupeKey: `round:${roundId}:dates:${l.id}:${now.getTime()}`,
          msg: {
            msgtype: 'action_card' as const,
            action_card: {
              title: `${name} ${round.title} 时间调整`,
              markdown: `### ${name} · ${round.title}\n\n${parts.join('；')}。${input.reason ? `\n\n原因：${input.reason}` : ''}\n\n（${formatDateTime(now)} 发出）`,
              single_title: '查看认购',
              single_url: eappUrl('subscribe', { projectId }),
            },
          },
        })),
    );
  });
  return roundAnswer(deps, projectId, roundId);
}

/** PATCH …/rounds/:roundId/partners/:lineId/terms — before 测算. */
export async function changePartnerTerms(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roundId: number,
  lineId: number,
  input: z.infer<typeof ZRoundPartnerEdit>,
) {
  return deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertRoundIn(round, ['DRAFT', 'OPEN'], '修改合伙名单');
    const scheme = await loadScheme(tx, projectId);
    const line = await findLine(tx, roundId, lineId);
    if (!line) throw notFound('合伙名单行');
    if (line.version !== input.version) throw versionConflict('合伙名单行', line.version);
    const next = {
      level: input.level ?? line.level,
      category: input.category ?? line.category,
      minAmount: input.minAmount ?? moneyString(line.minAmount),
      maxAmount: input.maxAmount ?? moneyString(line.maxAmount),
    };
    const problem = checkLimits(scheme, next.minAmount, next.maxAmount);
    if (problem) throw new AppError('VALIDATION_FAILED', problem, [{ path: 'maxAmount', message: problem }]);
    // a subscription already given must still fit the new limits (per-person cap across rounds included)
    if (line.subscribedAmount !== null && dec(line.subscribedAmount).greaterThan(0)) {
      const upper = await upperLimitOf(tx, scheme, { ...line, maxAmount: next.maxAmount });
      const amount = dec(line.subscribedAmount);
      if (amount.lessThan(dec(next.minAmount)) || amount.greaterThan(upper))
        throw new AppError(
          'UNPROCESSABLE',
          `${line.user.name} 已认购 ${formatMoney(amount)}，不在新的认购区间 ${formatMoney(next.minAmount)} – ${formatMoney(upper)} 内，请先与合伙人确认`,
        );
    }
    const { count } = await tx.roundPartner.updateMany({
      where: { id: lineId, version: input.version },
      data: { ...next, version: { increment: 1 } },
    });
    if (!count) throw versionConflict('合伙名单行', line.version);
    await touchRound(tx, round);
    await writeAudit(tx, who, {
      action: 'change_partner_terms',
      entity: 'RoundPartner',
      entityId: lineId,
      projectId,
      before: { level: line.level, category: line.category, minAmount: line.minAmount, maxAmount: line.maxAmount },
      after: { ...next, reason: input.reason ?? null },
    });
    return {
      id: lineId,
      userId: line.userId,
      level: next.level,
      levelLabel: LEVEL_LABEL[next.level],
      category: next.category,
      categoryLabel: CATEGORY_LABEL[next.category],
      minAmount: next.minAmount,
      maxAmount: next.maxAmount,
      version: line.version + 1,
    };
  });
}

/**
 * POST …/rounds/:roundId/close-subscriptions — 认购 ends now: allowed when every listed partner has answered, or
 * with a reason (the accountant's call). 测算 is then allowed at once (the deadline is now).
 */
export async function closeSubscriptions(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  roundId: number,
  input: z.infer<typeof ZCloseSubscriptions>,
) {
  await deps.db.$transaction(async (tx) => {
    const round = await loadRound(tx, projectId, roundId);
    assertRoundIn(round, ['OPEN'], '提前截止认购');
    if (input.version !== undefined && input.version !== round.version)
      throw versionConflict('认购轮次', round.version);
    const now = new Date();
    if (round.deadline <= now) throw invalidState('认购已截止');
    const waiting = await tx.roundPartner.findMany({
      where: { roundId, subscribedAmount: null },
      select: { user: { select: { name: true } } },
    });
    if (waiting.length && !input.reason)
      throw invalidState(
        `尚有 ${waiting.length} 位合伙人未认购（${waiting
          .slice(0, 5)
          .map((w) => w.user.name)
          .join('、')}${waiting.length > 5 ? ' 等' : ''}），如需提前截止请填写原因`,
        { waiting: waiting.length },
      );
    await writeRoundDates(tx, round, { deadline: now });
    await writeAudit(tx, who, {
      action: 'close_subscriptions',
      entity: 'SubscriptionRound',
      entityId: roundId,
      projectId,
      before: { deadline: round.deadline },
      after: { deadline: now, reason: input.reason ?? null, unanswered: waiting.length },
    });
  });
  return roundAnswer(deps, projectId, roundId);
}
