/**
 * Reads of the capital ledger: the project's cumulative view (every round), its entries (paged), and a partner's
 * own history. Everything money here is derived from the ledger (positions, paidTranches, checkInvariant).
 */
import type Decimal from 'decimal.js';
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../lib/errors';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString } from '../../../shared/money';
import { LEVELS, levelCaps, type Level } from '../../../shared/scheme-math';
import type { TCapitalHistory, TCapitalOverview, TCapitalEntryPage } from '../../../shared/api/capital';
import { checkInvariant, paidTranches, positions } from './calc/ledger';
import { partnerRef } from './calc/types';
import { loadLedger, pageEntries, type EntryFilter } from './repository';

const ZERO = dec(0);
const m = (d: Decimal) => moneyString(d);
const pos0 = (d: Decimal) => (d.isNegative() ? ZERO : d);

/** GET /api/projects/:id/capital */
export async function capitalOverview(deps: Deps, projectId: number): Promise<TCapitalOverview> {
  const db = deps.db;
  const [project, scheme, ledger, rounds] = await Promise.all([
    db.project.findUnique({ where: { id: projectId }, select: { id: true } }),
    db.projectScheme.findUnique({ where: { projectId } }),
    loadLedger(db, projectId),
    db.subscriptionRound.findMany({
      where: { projectId },
      orderBy: { seq: 'asc' },
      select: {
        id: true,
        seq: true,
        kind: true,
        title: true,
        status: true,
        deadline: true,
        dueDate: true,
        partners: { select: { investedAmount: true } },
      },
    }),
  ]);
  if (!project) throw notFound('项目');
  const caps = scheme
    ? levelCaps(scheme)
    : (Object.fromEntries(LEVELS.map((l) => [l, ZERO])) as Record<Level, Decimal>);
  const pos = positions(ledger);
  const breaks = checkInvariant(ledger, caps);
  const userIds = [...new Set(pos.filter((p) => p.userId !== null).map((p) => p.userId!))];
  const users = await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
  const nameOf = new Map(users.map((u) => [u.id, u.name]));
  const roundSeq = new Map(rounds.map((r) => [r.id, r.seq]));
  const levels = LEVELS.map((level) => {
    const partners = pos.filter((p) => p.level === level && p.holder === 'PARTNER');
    const platform = pos.filter((p) => p.level === level && p.holder === 'PLATFORM');
    const brk = breaks.find((b) => b.level === level);
    return {
      level,
      cap: caps[level],
      partnersCommitted: partners.reduce((s, p) => s.plus(p.committed), ZERO),
      platformCommitted: platform.reduce((s, p) => s.plus(p.committed), ZERO),
      paidIn: partners.reduce((s, p) => s.plus(p.paid), ZERO),
      unpaid: partners.reduce((s, p) => s.plus(pos0(p.outstanding)), ZERO),
      refundsOwed: partners.reduce((s, p) => s.plus(pos0(p.outstanding.negated())), ZERO),
      message: brk?.message ?? null,
    };
  });
  const sumOf = (k: 'cap' | 'partnersCommitted' | 'platformCommitted' | 'paidIn' | 'unpaid' | 'refundsOwed') =>
    m(levels.reduce((s, l) => s.plus(l[k]), ZERO));
  return {
    projectId,
    peakCapital: scheme ? m(dec(scheme.peakCapital)) : null,
    peakConfirmedAt: scheme?.peakConfirmedAt?.toISOString() ?? null,
    levels: levels.map((l) => ({
      level: l.level,
      cap: m(l.cap),
      partnersCommitted: m(l.partnersCommitted),
      platformCommitted: m(l.platformCommitted),
      paidIn: m(l.paidIn),
      unpaid: m(l.unpaid),
      refundsOwed: m(l.refundsOwed),
      balanced: l.message === null,
      message: l.message,
    })),
    holdings: pos
      .filter((p) => !(p.committed.isZero() && p.paid.isZero() && p.interest.isZero()))
      .map((p) => ({
        holder: p.holder,
        userId: p.userId,
        name: p.holder === 'PLATFORM' ? '平台公司' : (nameOf.get(p.userId!) ?? `#${String(p.userId)}`),
        level: p.level,
        committed: m(p.committed),
        paid: m(p.paid),
        outstanding: m(p.outstanding),
        interest: m(p.interest),
        rounds: [
          ...new Set(
            ledger
              .filter(
                (e) =>
                  e.level === p.level &&
                  e.holder === p.holder &&
                  e.userId === p.userId &&
                  e.roundId !== null &&
                  !dec(e.committedDelta).isZero(),
              )
              .map((e) => roundSeq.get(e.roundId!) ?? 0),
          ),
        ].sort((a, b) => a - b),
      }))
      .sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) || (a.userId ?? 0) - (b.userId ?? 0)),
    totals: {
      cap: sumOf('cap'),
      partnersCommitted: sumOf('partnersCommitted'),
      platformCommitted: sumOf('platformCommitted'),
      paidIn: sumOf('paidIn'),
      unpaid: sumOf('unpaid'),
      refundsOwed: sumOf('refundsOwed'),
    },
    invariantHolds: ledger.length > 0 && breaks.length === 0,
    rounds: rounds.map((r) => ({
      id: r.id,
      seq: r.seq,
      kind: r.kind,
      title: r.title,
      status: r.status,
      deadline: r.deadline.toISOString(),
      dueDate: r.dueDate ? formatDate(r.dueDate) : null,
      invested: m(r.partners.reduce((s, p) => s.plus(dec(p.investedAmount ?? 0)), ZERO)),
    })),
  };
}

/** GET /api/projects/:id/capital/entries */
export async function listCapitalEntries(
  deps: Deps,
  projectId: number,
  q: EntryFilter & { page: number; pageSize: number },
): Promise<TCapitalEntryPage> {
  const { total, rows } = await pageEntries(deps.db, projectId, q, q.page, q.pageSize);
  return {
    total,
    page: q.page,
    pageSize: q.pageSize,
    items: rows.map((r) => ({
      id: r.id,
      level: r.level,
      holder: r.holder,
      userId: r.userId,
      name: r.holder === 'PLATFORM' ? '平台公司' : (r.userName ?? `#${String(r.userId)}`),
      kind: r.kind,
      committedDelta: m(dec(r.committedDelta)),
      paidDelta: m(dec(r.paidDelta)),
      interestDelta: m(dec(r.interestDelta)),
      valueDate: r.valueDate,
      reversalOfId: r.reversalOfId ?? null,
      roundId: r.roundId,
      adjustmentId: r.adjustmentId,
      paymentDueId: r.paymentDueId,
      note: r.note,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

/** GET /api/me/projects/:projectId/capital-history — the caller's own entries only. */
export async function myCapitalHistory(deps: Deps, actor: Actor, projectId: number): Promise<TCapitalHistory> {
  const db = deps.db;
  const project = await db.project.findUnique({ where: { id: projectId }, select: { id: true, name: true } });
  const all = project ? await loadLedger(db, projectId) : [];
  const mine = all.filter((e) => e.holder === 'PARTNER' && e.userId === actor.userId);
  const dues = project
    ? await db.paymentDue.findMany({ where: { projectId, userId: actor.userId }, orderBy: { id: 'asc' } })
    : [];
  if (!project || (!mine.length && !dues.length)) throw notFound('项目');
  const roundIds = [...new Set(mine.map((e) => e.roundId).filter((id): id is number => id !== null))];
  const rounds = await db.subscriptionRound.findMany({
    where: { id: { in: roundIds } },
    select: { id: true, seq: true, title: true },
  });
  const roundOf = new Map(rounds.map((r) => [r.id, r]));
  const pos = positions(mine).filter((p) => p.userId === actor.userId);
  const levels = pos.map((p) => ({
    level: p.level,
    committed: m(p.committed),
    paid: m(p.paid),
    outstanding: m(p.outstanding),
    interest: m(p.interest),
    tranches: paidTranches(mine, partnerRef(actor.userId), p.level).map((t) => ({ date: t.date, amount: m(t.amount) })),
  }));
  const total = (k: 'committed' | 'paid' | 'outstanding' | 'interest') => m(pos.reduce((s, p) => s.plus(p[k]), ZERO));
  return {
    projectId,
    projectName: project.name,
    items: mine.map((e) => ({
      kind: e.kind,
      level: e.level,
      valueDate: e.valueDate,
      committedDelta: m(dec(e.committedDelta)),
      paidDelta: m(dec(e.paidDelta)),
      interestDelta: m(dec(e.interestDelta)),
      round: e.roundId !== null && roundOf.has(e.roundId) ? roundOf.get(e.roundId)! : null,
      schemeChangeId: e.adjustmentId,
      note: e.kind === 'PAYMENT' || e.kind === 'REFUND' ? null : e.note,
    })),
    levels,
    totals: {
      committed: total('committed'),
      paid: total('paid'),
      outstanding: total('outstanding'),
      interest: total('interest'),
    },
    dues: dues.map((d) => ({
      id: d.id,
      kind: d.kind,
      level: d.level,
      amountDue: m(dec(d.amountDue)),
      paidAmount: m(dec(d.paidAmount)),
      dueDate: formatDate(d.dueDate),
      status: d.status,
    })),
  };
}
