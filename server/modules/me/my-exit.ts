/**
 * 退出结算单 (mini-program pages/exit/index, the action card of the payout notice): the caller's own exit from one
 * project — per holding the parts of the price as the 测算 stored them, the total, and the payout with the account
 * masked. Another partner's exit is "not found", never "forbidden" (its existence is not disclosed).
 */
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../lib/errors';
import { moneyString } from '../../../shared/money';
import { EXIT_STATUS_LABEL, type TExitManualInputs, type TMyExitStatement } from '../../../shared/api/exits';
import type { ExitPricing } from '../exits/calc/price';
import { dayOf, maskPayoutAccount } from '../exits/list-exits';
import { findOwnExit } from './repository';

export async function myExitStatement(deps: Deps, actor: Actor, exitId: number): Promise<TMyExitStatement> {
  const exit = await findOwnExit(deps.db, actor.userId, exitId);
  if (!exit) throw notFound('退出结算单');
  const pricing = exit.pricing as unknown as ExitPricing;
  const manual = exit.manualInputs as TExitManualInputs;
  return {
    exitId: exit.id,
    project: { id: exit.project.id, name: exit.project.name },
    status: exit.status,
    statusLabel: EXIT_STATUS_LABEL[exit.status],
    exitType: { code: exit.exitType, label: exit.exitTypeLabel },
    exitDate: dayOf(exit.exitDate),
    ruleSummary: pricing.ruleSummary,
    holdings: pricing.holdings.map((h) => {
      const line = (code: string) => moneyString(h.lines.find((l) => l.code === code && l.counts)?.amount ?? 0);
      const nav = manual.nav?.[h.level];
      return {
        level: h.level,
        levelLabel: h.levelLabel,
        principal: moneyString(h.paid),
        interest: line('INTEREST'),
        profitReceived: moneyString(manual.received?.[h.level]?.profitReceived ?? 0),
        profitDeducted: pricing.rule.deductProfitReceived,
        nav: pricing.rule.lowerOfNav && nav !== undefined && nav !== null ? moneyString(nav) : null,
        navAdjustment: line('NAV'),
        discount: line('DISCOUNT'),
        discountRate: String(pricing.rule.discountRate),
        interestOwed: line('INTEREST_OWED'),
        price: moneyString(h.price),
      };
    }),
    total: moneyString(exit.total),
    payout:
      exit.payoutAmount !== null && exit.payoutOn
        ? {
            amount: moneyString(exit.payoutAmount),
            paidOn: dayOf(exit.payoutOn),
            accountMasked: maskPayoutAccount(exit.payoutAccount ?? ''),
            note: exit.payoutNote,
          }
        : null,
  };
}
