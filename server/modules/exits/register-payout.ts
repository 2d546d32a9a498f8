/**
 * 登记退出打款金额及打款日期 (quick guide 6.3.5): the accountant records what the platform company paid the partner
 * for the stake (amount, date, account). Not a ledger movement (calc/transfer.ts `payoutEntry`): the capital moved
 * with the 承接. Idempotent by key, version-checked, audited; the partner gets their exit statement as a work notice.
 *
 * The statement is a text work notice for now: its mini-program page (`exitStatementUrl`, pages/exit/index) is not
 * built yet, and no action card may open a page that does not exist.
 */
import type { Deps } from '../../deps';
import { AppError, conflict, invalidState } from '../../lib/errors';
import type { AuditActor } from '../../lib/audit';
import { assertNotOwnMoney } from '../../auth/policy';
import { formatMoney } from '../../../shared/money';
import type { TExitPayoutRegister } from '../../../shared/api/exits';
import { exitStatementUrl } from '../../../shared/deeplinks';
import { enqueueNotifications } from '../notify/outbox';
import { renderTemplate } from '../templates';
import type { ExitPricing } from './calc/price';
import { payoutEntry } from './calc/transfer';
import { getExitDetail } from './calculate-exit';
import { transitionExit } from './exit-state';
import { dayOf, maskPayoutAccount } from './list-exits';
import { findExit } from './repository';

export async function registerExitPayout(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  exitId: number,
  body: TExitPayoutRegister,
) {
  await deps.db.$transaction(async (tx) => {
    const exit = await findExit(tx, projectId, exitId);
    if (exit.payoutKey !== null && exit.payoutKey === body.idempotencyKey) return; // a replay: already registered
    assertNotOwnMoney(who.actorId, exit.userId, '不能登记自己的退出打款，请由其他经营会计操作');
    const checked = payoutEntry(
      { status: exit.status, exitDate: dayOf(exit.exitDate), total: exit.total.toString() },
      { amount: body.amount, paidOn: body.paidOn, note: body.note ?? null },
    );
    if (!checked.ok) {
      if (checked.code === 'NOT_COMPLETED') throw invalidState(checked.message);
      if (checked.code === 'ALREADY_PAID') throw conflict(checked.message);
      if (checked.code === 'NOTE_REQUIRED')
        throw new AppError('VALIDATION_FAILED', checked.message, [{ path: 'note', message: '请填写说明' }]);
      throw new AppError('UNPROCESSABLE', checked.message);
    }
    const { payout } = checked;
    await transitionExit(tx, exit.id, 'PAYOUT_REGISTERED', {
      actor: who,
      expected: { status: exit.status, version: body.version },
      data: {
        payoutAmount: payout.amount,
        payoutOn: new Date(`${payout.paidOn}T00:00:00Z`),
        payoutAccount: body.account,
        payoutNote: payout.note,
        payoutDifference: payout.difference,
        payoutKey: body.idempotencyKey,
        payoutById: who.actorId,
      },
      audit: { after: { ...payout, account: body.account } },
    });

    const partner = await tx.user.findUniqueOrThrow({
      where: { id: exit.userId },
      select: { id: true, name: true, dingUserId: true },
    });
    if (!partner.dingUserId) return;
    const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { name: true } });
    const pricing = exit.pricing as unknown as ExitPricing;
    const holdings = pricing.holdings
      .map((h) => `${h.levelLabel}：实缴 ${formatMoney(h.paid)}，退出价款 ${formatMoney(h.price)}`)
      .join('；');
    const t = await renderTemplate(tx, 'EXIT_NOTICE', {
      姓名: partner.name,
      项目名称: project.name,
      退出日期: pricing.exitDate,
      退出类型: exit.exitTypeLabel,
      持有明细: holdings,
      退出价款合计: pricing.total,
      打款日期: payout.paidOn,
      打款金额: payout.amount,
      打款账户: maskPayoutAccount(body.account),
      打款说明: payout.note ? `（说明：${payout.note}）` : '',
    });
    await enqueueNotifications(tx, [
      {
        channel: 'WORK',
        kind: 'exit_statement',
        userId: partner.id,
        dingUserId: partner.dingUserId,
        dedupeKey: `exit:${exit.id}:statement`,
        templateVersionId: t.templateVersionId,
        msg: {
          msgtype: 'action_card',
          action_card: {
            title: t.title,
            markdown: t.text,
            single_title: '查看退出结算单',
            single_url: exitStatementUrl(exit.id),
          },
        },
      },
    ]);
  });
  return getExitDetail(deps, projectId, exitId);
}
