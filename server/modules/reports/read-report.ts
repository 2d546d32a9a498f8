/**
 * The six reports and the charts: rows of the whole filtered set built from the ledger, the batches, the exits and
 * the dues (repository.ts), then sorted, paged and totalled on the server (calc/table.ts). The same rows feed the
 * Excel export, so the file holds exactly what the pages show.
 */
import { dec, formatDecimal, moneyString, ratioString, type MoneyInput } from '../../../shared/money';
import { formatDate, formatDateTime, shanghaiDay } from '../../../shared/datetime';
import { levelCapOf } from '../../../shared/scheme-math';
import { moic, xirr, type CashFlow } from '../../../shared/xirr';
import {
  AGREEMENT_STATE_LABEL,
  CATEGORY_LABEL,
  LEVEL_LABEL,
  ROUND_KIND_LABEL,
  ROUND_STATUS_LABEL,
} from '../../../shared/api/labels';
import { BATCH_STATUS_LABEL, batchName } from '../../../shared/api/distributions';
import { EXIT_STATUS_LABEL } from '../../../shared/api/exits';
import { SCHEME_CHANGE_STATUS_LABEL } from '../../../shared/api/scheme-change';
import {
  REPORTS,
  type TReportCharts,
  type TReportKind,
  type TReportPage,
  type TReportQuery,
  type TReportRow,
} from '../../../shared/api/reports';
import {
  daysWaiting,
  projectNextSteps,
  type ProjectStageState,
  type ProjectWorkState,
} from '../../../shared/next-steps';
import type { Deps } from '../../deps';
import { agreementStatuses } from '../agreements/agreement-status';
import { pageOf, sortOf, sortRows, totalsRow } from './calc/table';
import { reportWorkbook } from './export';
import * as repo from './repository';
import type { ProjectRow, ProjectScope } from './repository';

type Db = Deps['db'];
const ZERO = '0.00';
const LEVEL_ORDER = ['HOLDING', 'GROUP', 'CITY', 'OTHER'];
const levelLabel = (l: string) => LEVEL_LABEL[l as keyof typeof LEVEL_LABEL] ?? l;
const sum = (values: MoneyInput[]) => values.reduce<ReturnType<typeof dec>>((s, v) => s.plus(dec(v)), dec(0));
const day = (d: Date | null | undefined) => (d ? formatDate(d, '') || null : null);
/** a @db.Date column (UTC midnight) as its calendar day */
const dateOnly = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : null);

interface Context {
  db: Db;
  projects: ProjectRow[];
  asOf: string;
  from: string | null;
  today: string;
}

/** The projects a query covers: the caller's scope ∩ the org-tree node (and everything below it) ∩ the project. */
async function projectsOf(db: Db, scope: ProjectScope, q: TReportQuery): Promise<ProjectRow[]> {
  let orgUnitIds: number[] | undefined;
  if (q.orgUnitId) {
    const units = await repo.orgUnits(db);
    const children = new Map<number, number[]>();
    for (const u of units)
      if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
    orgUnitIds = [];
    const stack = [q.orgUnitId];
    while (stack.length) {
      const id = stack.pop()!;
      orgUnitIds.push(id);
      stack.push(...(children.get(id) ?? []));
    }
  }
  return repo.scopedProjects(db, scope, { orgUnitIds, projectId: q.projectId });
}

// ---- 立项及缴款汇总表 -------------------------------------------------------------------------------------------

async function fundingRows(c: Context): Promise<TReportRow[]> {
  const ids = c.projects.map((p) => p.id);
  const [ledger, dues, lines] = await Promise.all([
    repo.ledgerSums(c.db, ids, c.asOf),
    repo.dueSums(c.db, ids, c.asOf),
    repo.roundLines(c.db, ids),
  ]);
  return c.projects.map((p) => {
    const mine = ledger.filter((l) => l.projectId === p.id);
    const partners = mine.filter((l) => l.holder === 'PARTNER');
    // outstanding per partner position (committed − paid > 0): what is still to be paid in
    const positions = new Map<string, { c: ReturnType<typeof dec>; p: ReturnType<typeof dec> }>();
    for (const l of partners) {
      const k = `${l.level}:${l.userId}`;
      const cur = positions.get(k) ?? { c: dec(0), p: dec(0) };
      positions.set(k, { c: cur.c.plus(dec(l.committed)), p: cur.p.plus(dec(l.paid)) });
    }
    const unpaid = sum([...positions.values()].map((x) => (x.c.gt(x.p) ? x.c.minus(x.p) : 0)));
    const holders = new Set([...positions.entries()].filter(([, x]) => x.c.gt(0)).map(([k]) => k.split(':')[1]));
    const d = dues.find((x) => x.projectId === p.id);
    const cap = p.peakCapital
      ? sum([p.holdingRatio, p.groupRatio, p.cityRatio, p.otherRatio].map((r) => levelCapOf(p.peakCapital!, r ?? 0)))
      : null;
    return {
      key: String(p.id),
      projectId: p.id,
      projectName: p.name,
      companyName: p.companyName,
      peakCapital: p.peakCapital ? moneyString(p.peakCapital) : null,
      totalRatio: p.totalRatio ? ratioString(p.totalRatio) : null,
      holdingRatio: p.holdingRatio ? ratioString(p.holdingRatio) : null,
      groupRatio: p.groupRatio ? ratioString(p.groupRatio) : null,
      cityRatio: p.cityRatio ? ratioString(p.cityRatio) : null,
      otherRatio: p.otherRatio ? ratioString(p.otherRatio) : null,
      cap: cap ? moneyString(cap) : null,
      partners: holders.size,
      subscribed: moneyString(sum(lines.filter((l) => l.projectId === p.id).map((l) => l.subscribed))),
      committed: moneyString(sum(partners.map((l) => l.committed))),
      paid: moneyString(sum(partners.map((l) => l.paid))),
      unpaid: moneyString(unpaid),
      overdue: d?.overdue ? moneyString(d.overdue) : ZERO,
      forfeited: d?.forfeited ? moneyString(d.forfeited) : ZERO,
      platform: moneyString(sum(mine.filter((l) => l.holder === 'PLATFORM').map((l) => l.committed))),
    };
  });
}

// ---- 分配汇总表 -----------------------------------------------------------------------------------------------

async function distributionRows(c: Context): Promise<TReportRow[]> {
  const rows = await repo.batchLevelSums(
    c.db,
    c.projects.map((p) => p.id),
    { from: c.from, to: c.asOf },
  );
  const name = new Map(c.projects.map((p) => [p.id, p.name]));
  return rows
    .sort(
      (a, b) =>
        a.date.localeCompare(b.date) ||
        a.batchId - b.batchId ||
        LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level),
    )
    .map((r) => ({
      key: `${r.batchId}:${r.level}`,
      projectId: r.projectId,
      batchId: r.batchId,
      projectName: name.get(r.projectId) ?? '',
      batchName: batchName(r.kind, r.seq),
      date: r.date,
      statusLabel: BATCH_STATUS_LABEL[r.status as keyof typeof BATCH_STATUS_LABEL] ?? r.status,
      levelLabel: levelLabel(r.level),
      lines: r.lines,
      principal: moneyString(r.principal),
      interest: moneyString(r.interest),
      other: moneyString(r.other),
      principalNet: moneyString(r.principalNet),
      principalTotal: moneyString(r.principalTotal),
      profit: moneyString(r.profit),
      tax: moneyString(r.tax),
      profitNet: moneyString(r.profitNet),
      payout: moneyString(r.payout),
      paidOut: moneyString(r.paidOut),
    }));
}

// ---- 实时跟踪汇总表 --------------------------------------------------------------------------------------------

async function trackingRows(c: Context): Promise<TReportRow[]> {
  const ids = c.projects.map((p) => p.id);
  const [ledger, dues, rounds, changes, batches, exits] = await Promise.all([
    repo.ledgerSums(c.db, ids, c.asOf),
    repo.dueSums(c.db, ids, c.asOf),
    repo.rounds(c.db, ids),
    repo.schemeChanges(c.db, ids),
    repo.batches(c.db, ids),
    repo.exits(c.db, ids),
  ]);
  return c.projects.map((p) => {
    const mine = ledger.filter((l) => l.projectId === p.id && l.holder === 'PARTNER');
    const committed = sum(mine.map((l) => l.committed));
    const paid = sum(mine.map((l) => l.paid));
    const payments = mine.filter((l) => l.kind === 'PAYMENT');
    const commitments = ledger.filter((l) => l.projectId === p.id && l.kind === 'COMMITMENT');
    const round = rounds.find((r) => r.projectId === p.id);
    const firstRound = rounds.filter((r) => r.projectId === p.id).at(-1);
    const change = changes.find((x) => x.projectId === p.id);
    const myBatches = batches.filter((b) => b.projectId === p.id && b.date.toISOString().slice(0, 10) <= c.asOf);
    const myExits = exits.filter((e) => e.projectId === p.id);
    const d = dues.find((x) => x.projectId === p.id);
    const unpaid = committed.gt(paid) ? committed.minus(paid) : dec(0);
    // where the project stands in the quick guide: 立项资料 → 认购 → 立项审批 → 缴款 → 分配 → 清算
    const stage = p.isSettled
      ? '已清算'
      : myBatches.length
        ? '分配'
        : committed.gt(0) && unpaid.gt(0)
          ? '缴款'
          : committed.gt(0)
            ? '已缴清'
            : round && ['CALCULATED', 'IN_REVIEW', 'APPROVED'].includes(round.status)
              ? '测算审核'
              : round && round.status === 'OPEN'
                ? '认购'
                : p.peakCapital
                  ? '立项资料'
                  : '未开始';
    const lastBatch = myBatches.at(-1);
    return {
      key: String(p.id),
      projectId: p.id,
      projectName: p.name,
      stage,
      companyName: p.companyName,
      acquiredOn: p.acquiredOn,
      peakConfirmedOn: p.peakConfirmedOn ? shanghaiDay(new Date(p.peakConfirmedOn)) : null,
      roundStatus: round
        ? `${ROUND_KIND_LABEL[round.kind]}${round.seq > 1 ? round.seq : ''} ${ROUND_STATUS_LABEL[round.status]}`
        : null,
      noticeOn: day(firstRound?.noticeSentAt),
      confirmedOn: commitments.length ? commitments.map((l) => l.firstOn).sort()[0]! : null,
      firstDueOn: d?.firstDueOn ?? null,
      lastPaidOn: payments.length
        ? payments
            .map((l) => l.lastOn)
            .sort()
            .at(-1)!
        : null,
      unpaid: moneyString(unpaid),
      changeStatus: change ? `第${change.seq}次 ${SCHEME_CHANGE_STATUS_LABEL[change.status]}` : null,
      batches: myBatches.length,
      lastDistributionOn: lastBatch ? dateOnly(lastBatch.date) : null,
      exits: myExits.length,
      settled: p.isSettled ? '是' : '否',
    };
  });
}

// ---- 员工合伙信息查询表 ----------------------------------------------------------------------------------------

/** Each 员工合伙信息查询表 row's dated flows, for its XIRR (computed only for the rows shown or exported). */
const FLOWS = new WeakMap<TReportRow, CashFlow[]>();

/** The rows with their XIRR filled in (rows of other reports are returned as they are). */
export const withXirr = (rows: TReportRow[]): TReportRow[] =>
  rows.map((r) => {
    const flows = FLOWS.get(r);
    if (!flows) return r;
    const x = xirr(flows);
    return { ...r, xirr: x ? ratioString(x) : null };
  });

interface PartnerFigures {
  paidIn: ReturnType<typeof dec>;
  received: ReturnType<typeof dec>;
  flows: CashFlow[];
}

async function partnerRows(c: Context): Promise<{ rows: TReportRow[]; figures: PartnerFigures[] }> {
  const ids = c.projects.map((p) => p.id);
  const [ledger, cash, receipts, lines, exits, agreements] = await Promise.all([
    repo.ledgerSums(c.db, ids, c.asOf),
    repo.partnerCashDays(c.db, ids, c.asOf),
    repo.partnerReceipts(c.db, ids, c.asOf),
    repo.roundLines(c.db, ids),
    repo.exits(c.db, ids),
    agreementStatuses(c.db, ids),
  ]);
  const keyOf = (projectId: number, userId: number) => `${projectId}:${userId}`;
  const keys = new Map<string, { projectId: number; userId: number }>();
  for (const l of ledger)
    if (l.holder === 'PARTNER' && l.userId !== null)
      keys.set(keyOf(l.projectId, l.userId), { projectId: l.projectId, userId: l.userId });
  const users = new Map(
    (await repo.usersById(c.db, [...new Set([...keys.values()].map((k) => k.userId))])).map((u) => [u.id, u]),
  );
  const projectName = new Map(c.projects.map((p) => [p.id, p.name]));
  const rows: TReportRow[] = [];
  const figures: PartnerFigures[] = [];

  for (const [k, { projectId, userId }] of keys) {
    const mine = ledger.filter((l) => l.projectId === projectId && l.userId === userId && l.holder === 'PARTNER');
    const u = users.get(userId);
    const exit = exits.find((e) => e.projectId === projectId && e.userId === userId);
    const exited = !!exit && (exit.status === 'COMPLETED' || exit.status === 'PAID');
    const levels = [
      ...new Set(mine.filter((l) => !dec(l.committed).isZero() || l.kind !== 'COMMITMENT').map((l) => l.level)),
    ]
      .sort((a, b) => LEVEL_ORDER.indexOf(a) - LEVEL_ORDER.indexOf(b))
      .map(levelLabel);
    const myLines = lines.filter((l) => l.projectId === projectId && l.userId === userId).sort((a, b) => b.seq - a.seq);
    const paidIn = sum(mine.filter((l) => l.kind === 'PAYMENT' || l.kind === 'REFUND').map((l) => l.paid));
    const principalReturned = sum(mine.filter((l) => l.kind === 'PRINCIPAL_RETURN').map((l) => l.paid)).neg();
    const myReceipts = receipts.filter((r) => r.projectId === projectId && r.userId === userId);
    const exitPayout = exit?.payoutAmount && exit.payoutOn ? dec(exit.payoutAmount.toString()) : dec(0);
    const received = sum(myReceipts.map((r) => r.payout)).plus(exitPayout);
    const flows: CashFlow[] = [
      ...cash
        .filter((x) => x.projectId === projectId && x.userId === userId)
        .map((x) => ({ when: x.day, amount: dec(x.paid).neg() })),
      ...myReceipts.map((r) => ({ when: r.day, amount: r.payout })),
      ...(exit?.payoutOn && exitPayout.gt(0) ? [{ when: dateOnly(exit.payoutOn)!, amount: exitPayout }] : []),
    ];
    const m = moic(paidIn, received);
    figures.push({ paidIn, received, flows });
    const row: TReportRow = {
      key: k,
      projectId,
      userId,
      name: u?.name ?? '',
      projectName: projectName.get(projectId) ?? '',
      companyName: u?.companyName ?? null,
      statusLabel: exited ? '退' : u?.status === 'LEFT' ? '离' : '在职',
      levelLabel: levels.join('、') || null,
      categoryLabel: myLines[0] ? CATEGORY_LABEL[myLines[0].category as keyof typeof CATEGORY_LABEL] : null,
      committed: moneyString(sum(mine.map((l) => l.committed))),
      paidIn: moneyString(paidIn),
      principalReturned: moneyString(principalReturned),
      interest: moneyString(sum(myReceipts.map((r) => r.interest))),
      profit: moneyString(sum(myReceipts.map((r) => r.profit))),
      tax: moneyString(sum(myReceipts.map((r) => r.tax))),
      received: moneyString(received),
      moic: m ? formatDecimal(m, 4) : null,
      // XIRR (the one figure that needs iterating) is filled in for the rows shown: withXirr
      xirr: null,
      agreementStatus: AGREEMENT_STATE_LABEL[agreements.get(k)?.state ?? 'NONE'],
      accountStatus:
        u?.accountStatus === 'CONFIRMED'
          ? '已确认'
          : u?.accountStatus === 'CORRECTION_PENDING'
            ? '待接受更正'
            : u?.accountStatus === 'UNCONFIRMED'
              ? '待确认'
              : '未登记',
    };
    FLOWS.set(row, flows);
    rows.push(row);
  }
  return { rows, figures };
}

// ---- 退出员工合伙信息查询表 ------------------------------------------------------------------------------------

interface PricingJson {
  holdings?: Array<{ paid?: string; lines?: Array<{ code: string; amount: string; counts: boolean }> }>;
}

async function exitRows(c: Context): Promise<TReportRow[]> {
  const exits = await repo.exits(
    c.db,
    c.projects.map((p) => p.id),
  );
  const projectName = new Map(c.projects.map((p) => [p.id, p.name]));
  return exits
    .filter((e) => {
      const d = dateOnly(e.exitDate)!;
      return d <= c.asOf && (!c.from || d >= c.from);
    })
    .map((e) => {
      const pricing = (e.pricing ?? {}) as PricingJson;
      const lines = (pricing.holdings ?? []).flatMap((h) => h.lines ?? []).filter((l) => l.counts);
      const part = (...codes: string[]) => sum(lines.filter((l) => codes.includes(l.code)).map((l) => l.amount));
      const principal = part('PRINCIPAL', 'PRINCIPAL_RETURNED');
      const interest = part('INTEREST');
      const deductions = part('PROFIT_RECEIVED', 'INTEREST_OWED', 'DISCOUNT');
      const total = dec(e.total.toString());
      return {
        key: String(e.id),
        projectId: e.projectId,
        exitId: e.id,
        name: e.user.name,
        projectName: projectName.get(e.projectId) ?? '',
        exitType: e.exitTypeLabel,
        exitDate: dateOnly(e.exitDate),
        statusLabel: EXIT_STATUS_LABEL[e.status],
        paid: moneyString(sum((pricing.holdings ?? []).map((h) => h.paid ?? '0'))),
        principal: moneyString(principal),
        interest: moneyString(interest),
        deductions: moneyString(deductions),
        // what the 净资产 / 保底 rules changed: the rest of the price
        adjustment: moneyString(total.minus(principal).minus(interest).minus(deductions)),
        total: moneyString(total),
        payoutAmount: e.payoutAmount ? moneyString(e.payoutAmount.toString()) : ZERO,
        payoutOn: dateOnly(e.payoutOn),
      };
    });
}

// ---- 工作跟踪表 -----------------------------------------------------------------------------------------------

/** Every project's state for projectNextSteps (shared/next-steps.ts). */
export async function workStates(db: Db, projects: ProjectRow[], today: string): Promise<ProjectWorkState[]> {
  const ids = projects.map((p) => p.id);
  const [reviews, dues, ledger, exits, batches, agreements, stages] = await Promise.all([
    repo.pendingReviews(db, ids),
    repo.unsettledDues(db, ids),
    repo.ledgerSums(db, ids, today),
    repo.exits(db, ids),
    repo.batches(db, ids),
    agreementStatuses(db, ids),
    repo.projectStages(db, ids),
  ]);
  // partners holding (committed > 0) per project
  const held = new Map<string, ReturnType<typeof dec>>();
  for (const l of ledger)
    if (l.holder === 'PARTNER' && l.userId !== null) {
      const k = `${l.projectId}:${l.userId}`;
      held.set(k, (held.get(k) ?? dec(0)).plus(dec(l.committed)));
    }
  const holders = [...held.entries()]
    .filter(([, v]) => v.gt(0))
    .map(([k]) => k.split(':').map(Number) as [number, number]);
  // agreements of partners holding, and pending versions of anyone (a partner who left keeps a document to sign)
  const agreementRows = [...agreements.values()].filter(
    (a) => a.pending > 0 || held.get(`${a.projectId}:${a.userId}`)?.gt(0),
  );
  const users = new Map(
    (await repo.usersById(db, [...new Set([...holders.map(([, u]) => u), ...agreementRows.map((a) => a.userId)])])).map(
      (u) => [u.id, u],
    ),
  );
  const hasDistribution = new Set(batches.map((b) => b.projectId));
  return projects.map((p) => {
    const mine = holders
      .filter(([pid]) => pid === p.id)
      .map(([, uid]) => users.get(uid)!)
      .filter(Boolean);
    const exitOf = (userId: number) => exits.find((e) => e.projectId === p.id && e.userId === userId);
    return {
      projectId: p.id,
      projectName: p.name,
      today,
      reviews: reviews
        .filter((r) => r.projectId === p.id)
        .map((r) => ({ id: r.id, title: r.title, submittedOn: shanghaiDay(r.submittedAt) })),
      dues: dues
        .filter((d) => d.projectId === p.id)
        .map((d) => ({
          id: d.id,
          kind: d.kind,
          name: d.user.name,
          amountDue: d.amountDue.toString(),
          paidAmount: d.paidAmount.toString(),
          dueDate: dateOnly(d.dueDate)!,
          noticeSentOn: d.noticeSentAt ? shanghaiDay(d.noticeSentAt) : null,
          partnerMarkedPaidOn: d.partnerMarkedPaidAt ? shanghaiDay(d.partnerMarkedPaidAt) : null,
          createdOn: shanghaiDay(d.createdAt),
        })),
      // 分配账户 matter once the project distributes (a batch exists)
      accounts: hasDistribution.has(p.id)
        ? mine
            .filter((u) => u.accountStatus !== 'CONFIRMED' && u.status !== 'LEFT')
            .map((u) => ({
              userId: u.id,
              name: u.name,
              status: (u.accountStatus ?? null) as 'UNCONFIRMED' | 'CORRECTION_PENDING' | null,
              since: u.accountSince
                ? shanghaiDay(u.accountSince)
                : dateOnly(batches.find((b) => b.projectId === p.id)!.date)!,
            }))
        : [],
      leavers: mine
        .filter((u) => u.status === 'LEFT' && !exitOf(u.id))
        .map((u) => ({ userId: u.id, name: u.name, leftOn: u.leftAt ? shanghaiDay(u.leftAt) : today })),
      exits: exits
        .filter((e) => e.projectId === p.id && ['CALCULATED', 'REJECTED', 'COMPLETED'].includes(e.status))
        .map((e) => ({
          id: e.id,
          userId: e.userId,
          name: e.user.name,
          status: e.status,
          since: shanghaiDay(e.status === 'COMPLETED' && e.completedAt ? e.completedAt : e.updatedAt),
          total: moneyString(e.total.toString()),
        })),
      batches: batches
        .filter((b) => b.projectId === p.id && (b.status === 'CALCULATED' || b.status === 'APPROVED'))
        .map((b) => ({
          id: b.id,
          name: batchName(b.kind, b.seq),
          status: b.status as 'CALCULATED' | 'APPROVED',
          since: shanghaiDay(b.updatedAt),
        })),
      agreements: agreementRows
        .filter((a) => a.projectId === p.id && !exitOf(a.userId))
        .map((a) => ({
          userId: a.userId,
          name: users.get(a.userId)?.name ?? '',
          state: a.state,
          outdated: a.outdated,
          pending: a.pending,
          pendingSince: a.pendingSince,
          generateSince: (a.state === 'NONE' ? a.committedSince : a.lastEntryOn) ?? today,
        })),
      stage: stageStateOf(stages.find((x) => x.project.id === p.id)!),
    };
  });
}

/** A project's place in the quick guide, from projectStages' rows. */
function stageStateOf(x: Awaited<ReturnType<typeof repo.projectStages>>[number]): ProjectStageState {
  const { project, round, flows } = x;
  const peakDone = flows.find((f) => f.type === 'PEAK_CAPITAL' && f.status === 'COMPLETED');
  const peakRunning = flows.find((f) => f.type === 'PEAK_CAPITAL' && f.status === 'RUNNING');
  const roundFlow = round
    ? flows.find((f) => f.type === (round.seq === 1 ? 'SCHEME_APPROVAL' : 'SUPPLEMENT_APPROVAL'))
    : undefined;
  return {
    createdOn: shanghaiDay(project.createdAt),
    schemeOn: project.scheme ? shanghaiDay(project.scheme.createdAt) : null,
    shareholders: x.shareholders,
    peak:
      peakDone && project.scheme?.peakConfirmedAt
        ? { status: 'COMPLETED', since: shanghaiDay(peakDone.completedAt ?? peakDone.startedAt) }
        : peakRunning
          ? { status: 'RUNNING', since: shanghaiDay(peakRunning.startedAt) }
          : { status: 'NONE' },
    round: round && {
      seq: round.seq,
      status: round.status,
      deadline: formatDateTime(round.deadline),
      deadlinePassed: round.deadline.getTime() <= Date.now(),
      createdOn: shanghaiDay(round.createdAt),
      noticeSentOn: round.noticeSentAt ? shanghaiDay(round.noticeSentAt) : null,
      calculatedOn: round.calculatedAt ? shanghaiDay(round.calculatedAt) : null,
      updatedOn: shanghaiDay(round.updatedAt),
    },
    roundFlowSince: roundFlow ? shanghaiDay(roundFlow.startedAt) : null,
  };
}

async function workRows(c: Context): Promise<TReportRow[]> {
  const states = await workStates(c.db, c.projects, c.today);
  const company = new Map(c.projects.map((p) => [p.id, p.companyName]));
  return states
    .flatMap(projectNextSteps)
    .filter((i) => i.since <= c.asOf && (!c.from || i.since >= c.from))
    .map((i, n) => ({
      key: `${i.kind}:${i.projectId}:${n}`,
      projectId: i.projectId,
      kind: i.kind,
      link: i.link,
      projectName: i.projectName,
      kindLabel: i.kindLabel,
      subject: i.subject,
      detail: i.detail,
      amount: i.amount,
      actor: i.actor,
      since: i.since,
      days: daysWaiting(i.since, c.today),
      companyName: company.get(i.projectId) ?? null,
    }));
}

// ---- the page -------------------------------------------------------------------------------------------------

export interface ReportRows {
  rows: TReportRow[];
  totals: TReportRow;
  asOf: string;
  sort: { key: string; order: 'ascend' | 'descend' };
}

/** Every row of the filtered set, sorted, with the totals row (the page and the export both start here). */
export async function reportRows(
  deps: Pick<Deps, 'db'>,
  scope: ProjectScope,
  kind: TReportKind,
  q: TReportQuery,
): Promise<ReportRows> {
  const def = REPORTS[kind];
  const today = shanghaiDay();
  const asOf = q.to ?? today;
  const c: Context = { db: deps.db, projects: await projectsOf(deps.db, scope, q), asOf, from: q.from ?? null, today };
  let rows: TReportRow[];
  let extraTotals: TReportRow = {};
  switch (kind) {
    case 'funding':
      rows = await fundingRows(c);
      break;
    case 'distributions':
      rows = await distributionRows(c);
      break;
    case 'tracking':
      rows = await trackingRows(c);
      break;
    case 'partners': {
      const r = await partnerRows(c);
      rows = r.rows;
      // the whole set's MOIC (Σ received ÷ Σ paid in) and XIRR (every flow pooled)
      const paidIn = sum(r.figures.map((f) => f.paidIn));
      const received = sum(r.figures.map((f) => f.received));
      const m = moic(paidIn, received);
      const x = xirr(r.figures.flatMap((f) => f.flows));
      extraTotals = { moic: m ? formatDecimal(m, 4) : null, xirr: x ? ratioString(x) : null };
      break;
    }
    case 'exits':
      rows = await exitRows(c);
      break;
    case 'work':
      rows = await workRows(c);
      break;
  }
  const sort = sortOf(def, q.sort, q.order);
  return { rows: sortRows(def, rows, sort), totals: { ...totalsRow(def, rows), ...extraTotals }, asOf, sort };
}

export async function readReport(
  deps: Pick<Deps, 'db'>,
  scope: ProjectScope,
  kind: TReportKind,
  q: TReportQuery,
): Promise<TReportPage> {
  const r = await reportRows(deps, scope, kind, q);
  return {
    kind,
    title: REPORTS[kind].title,
    asOf: r.asOf,
    rows: withXirr(pageOf(r.rows, q.page, q.pageSize)),
    total: r.rows.length,
    totals: r.totals,
    page: q.page,
    pageSize: q.pageSize,
    sort: r.sort.key,
    order: r.sort.order,
  };
}

// ---- charts ---------------------------------------------------------------------------------------------------

/** Collection progress per project and per company (committed vs paid vs overdue), distributions per month. */
export async function readCharts(deps: Pick<Deps, 'db'>, scope: ProjectScope, q: TReportQuery): Promise<TReportCharts> {
  const funding = await reportRows(deps, scope, 'funding', { ...q, page: 1, pageSize: 1 });
  const byProject = funding.rows
    .filter((r) => dec(String(r.committed)).gt(0))
    .map((r) => ({
      name: String(r.projectName),
      committed: String(r.committed),
      paid: String(r.paid),
      overdue: String(r.overdue),
    }));
  const companies = new Map<
    string,
    { committed: ReturnType<typeof dec>; paid: ReturnType<typeof dec>; overdue: ReturnType<typeof dec> }
  >();
  for (const r of funding.rows) {
    const k = String(r.companyName);
    const cur = companies.get(k) ?? { committed: dec(0), paid: dec(0), overdue: dec(0) };
    companies.set(k, {
      committed: cur.committed.plus(dec(String(r.committed))),
      paid: cur.paid.plus(dec(String(r.paid))),
      overdue: cur.overdue.plus(dec(String(r.overdue))),
    });
  }
  const projects = await projectsOf(deps.db, scope, q);
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const months = await repo.distributionsByMonth(
    deps.db,
    projects.map((p) => p.id),
  );
  return {
    asOf: funding.asOf,
    byProject,
    byCompany: [...companies.entries()]
      .filter(([, v]) => v.committed.gt(0))
      .map(([name, v]) => ({
        name,
        committed: moneyString(v.committed),
        paid: moneyString(v.paid),
        overdue: moneyString(v.overdue),
      })),
    distributions: months.map((m) => ({
      month: m.month,
      projectName: names.get(m.projectId) ?? '',
      payout: moneyString(m.payout),
    })),
  };
}

// ---- export ---------------------------------------------------------------------------------------------------

/** The report as an Excel file: every row of the filtered set in the order shown, and the totals row. */
export async function exportReport(
  deps: Pick<Deps, 'db'>,
  scope: ProjectScope,
  kind: TReportKind,
  q: TReportQuery,
): Promise<{ fileName: string; body: Buffer }> {
  const r = await reportRows(deps, scope, kind, q);
  const parts: string[] = [];
  if (q.orgUnitId) {
    const unit = await deps.db.orgUnit.findUnique({ where: { id: q.orgUnitId }, select: { name: true } });
    if (unit) parts.push(`组织 ${unit.name}`);
  }
  if (q.projectId) {
    const p = await deps.db.project.findUnique({ where: { id: q.projectId }, select: { name: true } });
    if (p) parts.push(`项目 ${p.name}`);
  }
  if (q.from) parts.push(`自 ${q.from}`);
  return reportWorkbook(kind, withXirr(r.rows), r.totals, { asOf: r.asOf, filters: parts.join('，') });
}
