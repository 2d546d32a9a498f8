/** 退出流程 list of a project: every exit with its state, the partner's 离 mark, the total and the payout. */
import type { Deps } from '../../deps';
import { moneyString } from '../../../shared/money';
import { EXIT_STATUS_LABEL, type TExitDetail, type TExitManualInputs, type TExitRow } from '../../../shared/api/exits';
import type { ExitPricing } from './calc/price';
import { listExitRows, type ExitFlowRecord, type ExitRecord } from './repository';
import type { TFlowForm } from '../../../shared/api/flows';

export const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** "中国银行 6217 0000 9999 0003" → "中国银行 6217 **** **** 0003": the bank's name and the first and last four digits. */
export function maskPayoutAccount(account: string): string {
  const first = account.search(/\d/);
  if (first < 0) return account;
  const name = account.slice(0, first).trim();
  const digits = account.slice(first).replace(/\D/g, '');
  const masked =
    digits.length <= 8 ? `**** ${digits.slice(-4)}` : `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}`;
  return name ? `${name} ${masked}` : masked;
}

export function toExitRow(exit: ExitRecord, user: { id: number; name: string; status: string }): TExitRow {
  return {
    id: exit.id,
    projectId: exit.projectId,
    user: { id: user.id, name: user.name, left: user.status === 'LEFT' },
    status: exit.status,
    statusLabel: EXIT_STATUS_LABEL[exit.status],
    exitType: { code: exit.exitType, label: exit.exitTypeLabel },
    exitDate: dayOf(exit.exitDate),
    total: moneyString(exit.total),
    calculatedAt: exit.calculatedAt.toISOString(),
    flowId: exit.flowId,
    completedAt: exit.completedAt?.toISOString() ?? null,
    payout:
      exit.payoutAmount !== null && exit.payoutOn
        ? {
            amount: moneyString(exit.payoutAmount),
            paidOn: dayOf(exit.payoutOn),
            account: exit.payoutAccount ?? '',
            difference: moneyString(exit.payoutDifference ?? 0),
            note: exit.payoutNote,
          }
        : null,
    version: exit.version,
  };
}

export function toExitDetail(
  exit: ExitRecord,
  user: { id: number; name: string; status: string },
  fresh: boolean,
  flow: ExitFlowRecord | null = null,
): TExitDetail {
  const p = exit.pricing as unknown as ExitPricing;
  return {
    ...toExitRow(exit, user),
    rule: p.rule,
    ruleSummary: p.ruleSummary,
    holdings: p.holdings,
    warnings: p.warnings,
    manualInputs: exit.manualInputs as TExitManualInputs,
    fingerprint: exit.fingerprint,
    fresh,
    editReason: exit.editReason,
    flow: flow && {
      id: flow.id,
      run: flow.run,
      status: flow.status,
      result: flow.result,
      instanceId: flow.instanceId,
      instanceUrl: flow.instanceUrl,
      form: (flow.form as TFlowForm | null) ?? null,
      startedBy: flow.startedBy,
      startedAt: flow.startedAt.toISOString(),
      completedAt: flow.completedAt?.toISOString() ?? null,
      version: flow.version,
    },
  };
}

/** The project's exits, newest first. */
export async function listExits(deps: Deps, projectId: number): Promise<TExitRow[]> {
  const rows = await listExitRows(deps.db, projectId);
  return rows.map((r) => toExitRow(r, r.user));
}
