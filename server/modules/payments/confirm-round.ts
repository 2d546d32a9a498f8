import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { shanghaiDay } from '../../../shared/datetime';
import { dec } from '../../../shared/money';
import { levelCaps } from '../../../shared/scheme-math';
import { systemActor } from '../../lib/audit';
import { AppError } from '../../lib/errors';
import { transitionRound } from '../subscription/round-state';
import { appendCapitalEntries } from '../capital/append-capital-entries';
import { loadLedger, lockProjectScheme, type CapitalEntryDraft } from '../capital/repository';
import { initialCommitments } from '../capital/calc/ledger';
import { lateEntryInterest, supplementEntries } from '../capital/calc/supplement';
import type { LedgerEntry } from '../capital/calc/types';

/**
 * The 事业合伙立项 / 补充立项 flow completed: the round is confirmed, each partner owes their 投资明细, and the
 * ledger records the commitments in the same transaction — 立项: each partner's COMMITMENT and the platform's
 * COMMITMENT = cap − Σ partners per level; 补投: the partners' COMMITMENTs, the platform's COMMITMENT_CHANGE of −Σ,
 * and ENTRY_INTEREST when the project prices late entry with interest.
 */
export async function confirmRound(tx: Tx, _deps: Deps, roundId: number): Promise<void> {
  const round = await tx.subscriptionRound.findUniqueOrThrow({
    where: { id: roundId },
    select: { id: true, projectId: true, kind: true, status: true, version: true, dueDate: true },
  });
  await lockProjectScheme(tx, round.projectId);
  const scheme = await tx.projectScheme.findUniqueOrThrow({ where: { projectId: round.projectId } });
  const today = shanghaiDay();
  // Partners get at least paymentDueDays from today to pay: a planned due date that approvals have overtaken moves out.
  const earliest = new Date(`${shanghaiDay(Date.now() + scheme.paymentDueDays * 86_400_000)}T00:00:00Z`);
  const dueDate = round.dueDate && round.dueDate >= earliest ? round.dueDate : earliest;
  const lines = await tx.roundPartner.findMany({
    where: { roundId, investedAmount: { gt: 0 } },
    select: { id: true, userId: true, level: true, investedAmount: true },
  });
  const actor = systemActor('立项流程完成');
  // the state first: a round not 审核通过 creates no amounts due
  await transitionRound(tx, roundId, 'confirm', {
    actor,
    expected: round,
    refusal: '认购方案未审核通过',
    data: { dueDate },
    audit: { after: { dueDate, dues: lines.map((l) => ({ userId: l.userId, amountDue: l.investedAmount })) } },
  });
  await tx.paymentDue.createMany({
    data: lines.map((l) => ({
      kind: 'INITIAL' as const,
      dueKey: `initial:${l.id}`,
      roundPartnerId: l.id,
      level: l.level,
      projectId: round.projectId,
      userId: l.userId,
      amountDue: l.investedAmount!,
      dueDate,
    })),
    skipDuplicates: true,
  });
  const ledger = await loadLedger(tx, round.projectId);
  const caps = levelCaps(scheme);
  const lineOf = new Map(lines.map((l) => [`${l.level}:${l.userId}`, l]));
  const sourced = (e: LedgerEntry, key: string): CapitalEntryDraft => {
    const line = e.holder === 'PARTNER' ? lineOf.get(`${e.level}:${String(e.userId)}`) : undefined;
    return { ...e, roundId, roundPartnerId: line?.id ?? null, idempotencyKey: key };
  };
  let drafts: CapitalEntryDraft[];
  if (round.kind === 'INITIAL' || !ledger.some((e) => e.kind === 'COMMITMENT')) {
    drafts = initialCommitments(
      lines.map((l) => ({ userId: l.userId, level: l.level, amount: dec(l.investedAmount!) })),
      caps,
      today,
    ).map((e) =>
      sourced(
        e,
        e.holder === 'PLATFORM'
          ? `platform:${roundId}:${e.level}`
          : `round-partner:${lineOf.get(`${e.level}:${String(e.userId)}`)!.id}`,
      ),
    );
  } else {
    const res = supplementEntries(
      ledger,
      scheme,
      caps,
      lines.map((l) => ({
        userId: l.userId,
        level: l.level,
        amount: dec(l.investedAmount!),
        listedMax: dec(l.investedAmount!), // the list's limit was checked at 测算 / review; the cap room is re-checked here
        roundPartnerId: l.id,
      })),
      { valueDate: today, roundId },
    );
    if (!res.ok) throw new AppError('CONFLICT', `补充立项不能入账：${res.message}`, { code: res.code });
    drafts = res.entries.map((e) =>
      sourced(
        e,
        e.holder === 'PLATFORM' ? `platform:${roundId}:${e.level}` : `round-partner:${String(e.roundPartnerId)}`,
      ),
    );
    if (scheme.lateEntryPricing === 'WITH_INTEREST') {
      const funded =
        ledger
          .filter((e) => e.kind === 'PAYMENT')
          .map((e) => e.valueDate)
          .sort()[0] ?? ledger.map((e) => e.valueDate).sort()[0];
      const interest = lateEntryInterest(
        lines.map((l) => ({ userId: l.userId, level: l.level, amount: dec(l.investedAmount!) })),
        { fundedOn: funded, entryDate: today, annualRate: scheme.lateEntryRate.toString(), dayCount: 'ACT/365' },
      );
      drafts.push(
        ...interest.entries.map((e) => ({
          ...sourced(e, `entry-interest:${roundId}:${e.level}:${String(e.userId)}`),
          note: `补投资金利息：${funded} 至 ${today}，年利率 ${scheme.lateEntryRate.toString()}`,
        })),
      );
    }
  }
  await appendCapitalEntries(tx, {
    projectId: round.projectId,
    entries: drafts,
    actor,
    reason: round.kind === 'INITIAL' ? '事业合伙立项完成' : '补充立项完成',
  });
}
