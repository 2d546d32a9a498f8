/** 凭证 list (with the balance check), one voucher's detail, and the entities a caller may pick. */
import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { dec, moneyString } from '../../../shared/money';
import {
  VOUCHER_MOVEMENT_KINDS,
  type TVoucherDetail,
  type TVoucherList,
  type TVoucherMovementKind,
  type TVoucherWord,
} from '../../../shared/api/vouchers';
import { amountsByKind } from './calc/generate';
import { findEntity, findPeriod, findVoucherRow, listEntityRows, listVoucherRows, voucherRefs } from './repository';
import { exportedPeriods } from './repository';

const label = (v: { word: string; number: number }) => `${v.word}-${String(v.number).padStart(4, '0')}`;
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

export async function listVoucherEntities(deps: Deps, visible: number[] | 'ALL') {
  const rows = await listEntityRows(deps.db, visible === 'ALL' ? undefined : visible);
  const items = [];
  for (const r of rows)
    items.push({
      id: r.id,
      name: r.name,
      code: r.code,
      projectCount: r._count.projects,
      exportedPeriods: [...(await exportedPeriods(deps.db, r.id))].sort(),
    });
  return { items };
}

async function refsFor(deps: Deps, rows: Array<{ id: number; reversalOfId: number | null }>) {
  const refs = await voucherRefs(deps.db, {
    ids: rows.flatMap((r) => r.reversalOfId ?? []),
    reversalOfIds: rows.map((r) => r.id),
  });
  const ref = (v: (typeof refs)[number]) => ({ id: v.id, label: label(v), period: v.period });
  return {
    reversalOf: (r: { reversalOfId: number | null }) => {
      const v = r.reversalOfId === null ? undefined : refs.find((x) => x.id === r.reversalOfId);
      return v ? ref(v) : null;
    },
    reversedBy: (r: { id: number }) => {
      const v = refs.find((x) => x.reversalOfId === r.id);
      return v ? ref(v) : null;
    },
  };
}

function view(
  v: {
    id: number;
    period: string;
    number: number;
    word: string;
    date: Date;
    kind: string;
    summary: string;
    totalDebit: { toString(): string };
    totalCredit: { toString(): string };
    reversalOfId: number | null;
    createdAt: Date;
  },
  refs: Awaited<ReturnType<typeof refsFor>>,
) {
  return {
    id: v.id,
    period: v.period,
    number: v.number,
    word: v.word as TVoucherWord,
    label: label(v),
    date: dayOf(v.date),
    kind: v.kind as TVoucherMovementKind,
    summary: v.summary,
    totalDebit: moneyString(v.totalDebit),
    totalCredit: moneyString(v.totalCredit),
    balanced: dec(v.totalDebit).equals(dec(v.totalCredit)),
    reversalOf: refs.reversalOf(v),
    reversedBy: refs.reversedBy(v),
    createdAt: v.createdAt.toISOString(),
  };
}

export async function listVouchers(
  deps: Deps,
  entityId: number,
  period: string,
  kind?: TVoucherMovementKind,
): Promise<TVoucherList> {
  const entity = await findEntity(deps.db, entityId);
  if (!entity) throw notFound('核算主体');
  const [rows, periodRow] = await Promise.all([
    listVoucherRows(deps.db, entityId, period, kind),
    findPeriod(deps.db, entityId, period),
  ]);
  const refs = await refsFor(deps, rows);
  const items = rows.map((r) => view(r, refs));
  const totalDebit = rows.reduce((s, r) => s.plus(dec(r.totalDebit)), dec(0));
  const totalCredit = rows.reduce((s, r) => s.plus(dec(r.totalCredit)), dec(0));
  const byKind = amountsByKind(
    rows.flatMap((r) =>
      r.lines.map((l) => ({
        movementKind: l.movementKind as TVoucherMovementKind,
        amount: dec(l.amount),
        debit: dec(l.debit),
      })),
    ),
  );
  return {
    entity: { id: entity.id, name: entity.name },
    period,
    exported: !!periodRow?.exportedAt,
    exportedAt: periodRow?.exportedAt?.toISOString() ?? null,
    periodVersion: periodRow?.version ?? 0,
    items,
    check: {
      count: items.length,
      totalDebit: moneyString(totalDebit),
      totalCredit: moneyString(totalCredit),
      balanced: totalDebit.equals(totalCredit) && items.every((i) => i.balanced),
      unbalanced: items.filter((i) => !i.balanced).map((i) => i.label),
      byKind: VOUCHER_MOVEMENT_KINDS.filter((k) => byKind.has(k)).map((k) => ({
        kind: k,
        amount: moneyString(byKind.get(k)!),
      })),
    },
  };
}

const SOURCE_LABEL = { CAPITAL_ENTRY: '资金台账', DISTRIBUTION_LINE: '分配明细', PARTNER_EXIT: '退出' } as const;

export async function getVoucher(deps: Deps, entityId: number, id: number): Promise<TVoucherDetail> {
  const row = await findVoucherRow(deps.db, entityId, id);
  if (!row) throw notFound('凭证');
  const refs = await refsFor(deps, [row]);
  return {
    ...view(row, refs),
    lines: row.lines.map((l) => ({
      seq: l.seq,
      summary: l.summary,
      accountCode: l.accountCode,
      accountName: l.accountName,
      debit: moneyString(l.debit),
      credit: moneyString(l.credit),
      partnerName: l.partnerName,
      partnerCode: l.partnerCode,
      projectId: l.projectId,
      projectCode: l.projectCode,
      projectName: l.projectName,
      movementKind: l.movementKind as TVoucherMovementKind,
      sourceType: l.sourceType as keyof typeof SOURCE_LABEL,
      sourceId: l.sourceId,
      sourceLabel: `${SOURCE_LABEL[l.sourceType as keyof typeof SOURCE_LABEL]} #${l.sourceId}`,
    })),
  };
}
