/**
 * 导出模板 of a 手动-非测算 batch: its stored lines when it has some, otherwise the project's holders at the distribution
 * date (the ledger's positions: partners and the 平台公司 per level) with A prefilled as the principal paid in, for
 * the accountant to complete and import.
 */
import type { Deps } from '../../deps';
import { batchName } from '../../../shared/api/distributions';
import { formatDate } from '../../../shared/datetime';
import { moneyString } from '../../../shared/money';
import { loadLedger } from '../capital/repository';
import { positions } from '../capital/calc/ledger';
import { PLATFORM_NAME } from './calc/manual';
import { buildManualSheet, type TemplateRow } from './manual-sheet';
import { loadBatch, projectNameOf } from './repository';

const blankIfZero = (v: unknown) => {
  const s = moneyString(String(v));
  return s === '0.00' ? '' : s;
};

export async function manualTemplate(deps: Deps, projectId: number, batchId: number) {
  const db = deps.db;
  const batch = await loadBatch(db, projectId, batchId);
  const date = formatDate(batch.date);
  const lines = await db.distributionLine.findMany({ where: { batchId }, orderBy: { seq: 'asc' } });
  let rows: TemplateRow[];
  if (lines.length) {
    const ids = lines.map((l) => l.userId).filter((id): id is number => id !== null);
    const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, jobNumber: true } });
    const job = new Map(users.map((u) => [u.id, u.jobNumber]));
    rows = lines.map((l) => ({
      name: [l.name, ...l.marks].join(' '),
      jobNumber: l.userId === null ? null : (job.get(l.userId) ?? null),
      level: l.level,
      principal: blankIfZero(l.principal),
      interest: blankIfZero(l.interest),
      other: blankIfZero(l.other),
      otherReason: (l.otherItems as { reason?: string }[]).map((o) => o.reason ?? '').join('；'),
      profit: blankIfZero(l.profit),
    }));
  } else {
    const held = positions(await loadLedger(db, projectId), { asOf: date }).filter(
      (p) => p.committed.greaterThan(0) || p.paid.greaterThan(0),
    );
    const ids = held.map((p) => p.userId).filter((id): id is number => id !== null);
    const users = await db.user.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true, jobNumber: true, status: true },
    });
    const byId = new Map(users.map((u) => [u.id, u]));
    rows = held.map((p) => {
      const u = p.userId === null ? null : byId.get(p.userId);
      return {
        name: u ? `${u.name}${u.status === 'LEFT' ? ' 离' : ''}` : PLATFORM_NAME,
        jobNumber: u?.jobNumber ?? null,
        level: p.level,
        principal: p.paid.greaterThan(0) ? moneyString(p.paid) : '',
        interest: '',
        other: '',
        otherReason: '',
        profit: '',
      };
    });
  }
  const name = batchName(batch.kind, batch.seq);
  return {
    fileName: `${await projectNameOf(deps, projectId)}-${name}-导入模板.xlsx`,
    body: await buildManualSheet(name, rows),
  };
}
