/** The only Prisma code of 凭证: entities, the sources of movements, rules, periods, vouchers (reads and inserts). */
import type { Tx } from '../../lib/db';
import { dec, moneyString } from '../../../shared/money';
import type { DistributionLineRow, ExitPayoutRow, LedgerRow } from './calc/movements';
import type { DraftLine } from './calc/types';

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const dayDate = (day: string) => new Date(`${day}T00:00:00Z`);

export const GROUP_SCOPE = 'GROUP';
export const entityScope = (entityId: number) => `ENTITY:${entityId}`;

// ---- entities ------------------------------------------------------------------------------------------------

/** An accounting entity: a 城市公司 / 直属项目公司 that has projects. */
export const findEntity = (tx: Tx, id: number) =>
  tx.orgUnit.findFirst({
    where: { id, kind: { in: ['CITY', 'DIRECT'] } },
    select: { id: true, name: true, code: true, _count: { select: { projects: true } } },
  });

export const listEntityRows = (tx: Tx, ids?: number[]) =>
  tx.orgUnit.findMany({
    where: { kind: { in: ['CITY', 'DIRECT'] }, projects: { some: {} }, ...(ids ? { id: { in: ids } } : {}) },
    select: { id: true, name: true, code: true, _count: { select: { projects: true } } },
    orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }],
  });

// ---- movement sources ----------------------------------------------------------------------------------------

/** Everything an entity's vouchers are made of, up to a day (inclusive). */
export async function loadMovementSources(tx: Tx, entityId: number, until: string) {
  const projects = await tx.project.findMany({
    where: { orgUnitId: entityId },
    select: { id: true, code: true, name: true },
  });
  const projectIds = projects.map((p) => p.id);
  const entries = await tx.capitalEntry.findMany({
    where: {
      projectId: { in: projectIds },
      kind: { in: ['PAYMENT', 'REFUND', 'TRANSFER_OUT', 'PRINCIPAL_RETURN', 'REVERSAL'] },
      valueDate: { lte: dayDate(until) },
    },
    select: {
      id: true,
      projectId: true,
      kind: true,
      paidDelta: true,
      valueDate: true,
      userId: true,
      roundId: true,
      adjustmentId: true,
      exitId: true,
      distributionId: true,
      paymentDue: { select: { kind: true } },
      reversalOf: { select: { kind: true, paymentDue: { select: { kind: true } } } },
    },
    orderBy: [{ valueDate: 'asc' }, { id: 'asc' }],
  });
  const lines = await tx.distributionLine.findMany({
    where: { batch: { projectId: { in: projectIds } }, paidAt: { not: null, lte: dayDate(until) } },
    select: {
      id: true,
      batchId: true,
      userId: true,
      name: true,
      interest: true,
      other: true,
      profit: true,
      tax: true,
      paidAt: true,
      batch: { select: { projectId: true } },
    },
  });
  const batchIds = [...new Set([...lines.map((l) => l.batchId), ...entries.flatMap((e) => e.distributionId ?? [])])];
  const batches = await tx.distributionBatch.findMany({
    where: { id: { in: batchIds } },
    select: { id: true, kind: true, seq: true },
  });
  const exits = await tx.partnerExit.findMany({
    where: { projectId: { in: projectIds }, payoutOn: { not: null, lte: dayDate(until) }, payoutAmount: { not: null } },
    select: { id: true, projectId: true, userId: true, payoutAmount: true, payoutOn: true },
  });
  const userIds = [
    ...new Set([
      ...entries.flatMap((e) => e.userId ?? []),
      ...lines.flatMap((l) => l.userId ?? []),
      ...exits.map((e) => e.userId),
    ]),
  ];
  const users = await tx.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, name: true, dingUserId: true },
  });

  const ledger: LedgerRow[] = entries.map((e) => ({
    id: e.id,
    projectId: e.projectId,
    kind: e.kind,
    paidDelta: e.paidDelta.toString(),
    valueDate: dayOf(e.valueDate),
    userId: e.userId,
    dueKind: e.paymentDue?.kind ?? null,
    roundId: e.roundId,
    adjustmentId: e.adjustmentId,
    exitId: e.exitId,
    distributionId: e.distributionId,
    reversed: e.reversalOf ? { kind: e.reversalOf.kind, dueKind: e.reversalOf.paymentDue?.kind ?? null } : null,
  }));
  const lineRows: DistributionLineRow[] = lines.map((l) => ({
    id: l.id,
    batchId: l.batchId,
    projectId: l.batch.projectId,
    userId: l.userId,
    name: l.name,
    interest: l.interest.toString(),
    other: l.other.toString(),
    profit: l.profit.toString(),
    tax: l.tax.toString(),
    paidAt: dayOf(l.paidAt!),
  }));
  const exitRows: ExitPayoutRow[] = exits.map((e) => ({
    id: e.id,
    projectId: e.projectId,
    userId: e.userId,
    payoutAmount: e.payoutAmount!.toString(),
    payoutOn: dayOf(e.payoutOn!),
  }));
  const batchName = (b: { kind: string; seq: number }) =>
    b.kind === 'PRINCIPAL' ? '本金分配' : b.kind === 'PROFIT' ? `第${b.seq}次利润分配` : '清算分配';
  return {
    ledger,
    lines: lineRows,
    exits: exitRows,
    projects: new Map(projects.map((p) => [p.id, p])),
    people: new Map(users.map((u) => [u.id, { name: u.name, code: u.dingUserId }])),
    batches: new Map(batches.map((b) => [b.id, batchName(b)])),
  };
}

// ---- rules ---------------------------------------------------------------------------------------------------

const RULE_SELECT = {
  id: true,
  scope: true,
  kind: true,
  word: true,
  grouping: true,
  debitCode: true,
  debitName: true,
  debitAux: true,
  creditCode: true,
  creditName: true,
  creditAux: true,
  summaryTemplate: true,
  version: true,
} as const;

/** The group's rules and, for an entity, its own. */
export const loadRuleRows = (tx: Tx, entityId: number | null) =>
  tx.voucherRule.findMany({
    where: { scope: { in: entityId === null ? [GROUP_SCOPE] : [GROUP_SCOPE, entityScope(entityId)] } },
    select: RULE_SELECT,
  });
export type RuleRow = Awaited<ReturnType<typeof loadRuleRows>>[number];

export const findRuleRow = (tx: Tx, scope: string, kind: string) =>
  tx.voucherRule.findUnique({ where: { scope_kind: { scope, kind } }, select: RULE_SELECT });

export interface RuleData {
  word: string;
  grouping: string;
  debitCode: string;
  debitName: string;
  debitAux: string[];
  creditCode: string;
  creditName: string;
  creditAux: string[];
  summaryTemplate: string;
}

export const createRuleRow = (
  tx: Tx,
  scope: string,
  entityId: number | null,
  kind: string,
  data: RuleData,
  by: number | null,
) => tx.voucherRule.create({ data: { scope, entityId, kind, ...data, version: 1, updatedById: by } });

/** Version-checked update; false when someone else saved first. */
export async function updateRuleRow(tx: Tx, id: number, version: number, data: RuleData, by: number | null) {
  const { count } = await tx.voucherRule.updateMany({
    where: { id, version },
    data: { ...data, version: { increment: 1 }, updatedById: by },
  });
  return count === 1;
}

export async function deleteRuleRow(tx: Tx, id: number, version: number) {
  const { count } = await tx.voucherRule.deleteMany({ where: { id, version } });
  return count === 1;
}

// ---- periods -------------------------------------------------------------------------------------------------

/** Generation and 标记已导出 of one entity queue behind each other (numbers, reversals). */
export async function lockEntity(tx: Tx, entityId: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(17017, ${entityId})`;
}

export const exportedPeriods = async (tx: Tx, entityId: number): Promise<Set<string>> =>
  new Set(
    (await tx.voucherPeriod.findMany({ where: { entityId, exportedAt: { not: null } }, select: { period: true } })).map(
      (p) => p.period,
    ),
  );

export const findPeriod = (tx: Tx, entityId: number, period: string) =>
  tx.voucherPeriod.findUnique({ where: { entityId_period: { entityId, period } } });

export const ensurePeriod = (tx: Tx, entityId: number, period: string) =>
  tx.voucherPeriod.upsert({
    where: { entityId_period: { entityId, period } },
    create: { entityId, period },
    update: {},
  });

/** Takes `count` numbers of the period; the first one. */
export async function takeNumbers(tx: Tx, periodId: number, count: number): Promise<number> {
  const row = await tx.voucherPeriod.update({ where: { id: periodId }, data: { lastNo: { increment: count } } });
  return row.lastNo - count + 1;
}

export async function markPeriodExported(tx: Tx, id: number, version: number, by: number | null) {
  const { count } = await tx.voucherPeriod.updateMany({
    where: { id, version, exportedAt: null },
    data: { exportedAt: new Date(), exportedById: by, version: { increment: 1 } },
  });
  return count === 1;
}

// ---- vouchers ------------------------------------------------------------------------------------------------

/** Stored vouchers that stand: neither a reversal nor reversed. */
export const activeVouchers = (tx: Tx, entityId: number) =>
  tx.voucher.findMany({
    where: { entityId, reversalOfId: null, reversedAt: null },
    select: { id: true, groupKey: true, period: true, fingerprint: true },
  });

const LINE_SELECT = {
  seq: true,
  summary: true,
  accountCode: true,
  accountName: true,
  debit: true,
  credit: true,
  partnerId: true,
  partnerName: true,
  partnerCode: true,
  projectId: true,
  projectCode: true,
  projectName: true,
  movementKind: true,
  sourceType: true,
  sourceId: true,
  amount: true,
} as const;

export const vouchersWithLines = (tx: Tx, ids: number[]) =>
  tx.voucher.findMany({
    where: { id: { in: ids } },
    include: { lines: { select: LINE_SELECT, orderBy: { seq: 'asc' } } },
  });

export interface VoucherInsert {
  entityId: number;
  period: string;
  number: number;
  word: string;
  date: string;
  kind: string;
  groupKey: string;
  fingerprint: string;
  summary: string;
  reversalOfId: number | null;
  createdById: number | null;
  lines: DraftLine[];
}

export async function insertVoucher(tx: Tx, v: VoucherInsert): Promise<number> {
  const totalDebit = v.lines.reduce((s, l) => s.plus(l.debit), dec(0));
  const totalCredit = v.lines.reduce((s, l) => s.plus(l.credit), dec(0));
  const row = await tx.voucher.create({
    data: {
      entityId: v.entityId,
      period: v.period,
      number: v.number,
      word: v.word,
      date: dayDate(v.date),
      kind: v.kind,
      groupKey: v.groupKey,
      fingerprint: v.fingerprint,
      summary: v.summary,
      totalDebit: moneyString(totalDebit),
      totalCredit: moneyString(totalCredit),
      reversalOfId: v.reversalOfId,
      createdById: v.createdById,
      lines: {
        create: v.lines.map((l, i) => ({
          seq: i + 1,
          summary: l.summary,
          accountCode: l.accountCode,
          accountName: l.accountName,
          debit: moneyString(l.debit),
          credit: moneyString(l.credit),
          partnerId: l.counterparty?.id ?? null,
          partnerName: l.counterparty?.name ?? null,
          partnerCode: l.counterparty?.code ?? null,
          projectId: l.project?.id ?? null,
          projectCode: l.project?.code ?? null,
          projectName: l.project?.name ?? null,
          movementKind: l.movementKind,
          sourceType: l.source.type,
          sourceId: l.source.id,
          amount: moneyString(l.amount),
        })),
      },
    },
    select: { id: true },
  });
  return row.id;
}

export const markReversed = (tx: Tx, id: number) =>
  tx.voucher.update({ where: { id }, data: { reversedAt: new Date() } });

export const listVoucherRows = (tx: Tx, entityId: number, period: string, kind?: string) =>
  tx.voucher.findMany({
    where: { entityId, period, ...(kind ? { kind } : {}) },
    include: {
      lines: { select: { movementKind: true, amount: true, debit: true, credit: true } },
    },
    orderBy: { number: 'asc' },
  });

export const findVoucherRow = (tx: Tx, entityId: number, id: number) =>
  tx.voucher.findFirst({
    where: { id, entityId },
    include: { lines: { select: LINE_SELECT, orderBy: { seq: 'asc' } } },
  });

/** For the links between a reversal and what it reverses. */
export const voucherRefs = (tx: Tx, where: { ids?: number[]; reversalOfIds?: number[] }) =>
  tx.voucher.findMany({
    where: {
      OR: [
        ...(where.ids?.length ? [{ id: { in: where.ids } }] : []),
        ...(where.reversalOfIds?.length ? [{ reversalOfId: { in: where.reversalOfIds } }] : []),
      ],
    },
    select: { id: true, word: true, number: true, period: true, reversalOfId: true },
  });

export const exportVoucherRows = (tx: Tx, entityId: number, period: string) =>
  tx.voucher.findMany({
    where: { entityId, period },
    include: { lines: { select: LINE_SELECT, orderBy: { seq: 'asc' } } },
    orderBy: { number: 'asc' },
  });
