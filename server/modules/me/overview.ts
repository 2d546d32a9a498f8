/** 首页: every project of the caller with totals, payment status and what waits for them. */
import { type THoldingMark } from '../../../shared/api/labels';
import { partnerMarks } from '../exits/calc/exited';
import { distributionSummaryOf } from '../distributions/my-distributions';
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { hasRole } from '../../auth/actor';
import { type TPaymentStatus } from '../../../shared/api/scheme';
import { formatDate, shanghaiDay, startOfShanghaiDay } from '../../../shared/datetime';
import { dec, formatMoney, moneyString, sumMoney } from '../../../shared/money';
import { displayStatus } from '../payments/status';
import { day } from './status';
import { overviewData } from './repository';
import { agreementNoticesOf } from '../agreements/read-agreements';

const SEVERITY: TPaymentStatus[] = ['PAID', 'FORFEITED', 'UNPAID', 'PARTIAL', 'OVERDUE'];
interface Notice {
  id: number;
  kind: 'SUBSCRIPTION' | 'PAYMENT' | 'TOP_UP' | 'REFUND' | 'REVIEW' | 'DISTRIBUTION' | 'ACCOUNT_CONFIRM' | 'AGREEMENT';
  title: string;
  summary: string;
  projectName: string | null;
  createdAt: string;
  deadline: string | null;
  params: Record<string, number>;
}

const worst = (list: TPaymentStatus[]): TPaymentStatus | null =>
  list.length ? list.reduce((a, b) => (SEVERITY.indexOf(b) > SEVERITY.indexOf(a) ? b : a)) : null;

export async function overview(deps: Deps, actor: Actor) {
  return (await overviewAt(deps, actor, new Date())).body;
}

/**
 * 首页 as of `now`, and until when that answer holds with nothing written: what it shows changes with time alone
 * when a Shanghai day ends (an unpaid amount becomes 逾期) and when a subscription deadline passes (its notice goes).
 */
export async function overviewAt(deps: Deps, actor: Actor, now: Date) {
  // one query for everything the page shows (the busiest endpoint: latency is round trips)
  const data = await overviewData(deps, actor.userId, hasRole(actor, 'BUSINESS_ADMIN'));
  const { entries, holdings, exitEntries, changeDues, reviews: pending } = data;
  const { distributed, notices: distributionNotices } = distributionSummaryOf(data.distributions);
  const agreementNotices = agreementNoticesOf(data.agreements);
  const byProject = new Map<number, typeof entries>();
  for (const e of entries) byProject.set(e.round.projectId, [...(byProject.get(e.round.projectId) ?? []), e]);
  // holdings (认缴, 实缴, 未缴) from the capital ledger; dues only for projects the ledger does not hold yet. 退 where
  // the partner exited, from their own exit entries only (a logged-in partner is active, so never 离 here)
  const me = { id: actor.userId, status: 'ACTIVE' };
  const marks = new Map<number, THoldingMark[]>();
  for (const projectId of byProject.keys()) marks.set(projectId, partnerMarks(exitEntries.get(projectId) ?? [], me));
  const projects = [...byProject.values()].map((list) => {
    const p = list[0]!.round.project;
    const dues = list.map((e) => e.payment).filter((x) => x !== null);
    const live = dues.filter((d) => d.status !== 'FORFEITED');
    const held = holdings.get(p.id);
    return {
      projectId: p.id,
      projectName: p.name,
      companyName: p.orgUnit.name,
      invested: moneyString(held ? held.committed : sumMoney(live.map((d) => d.amountDue))),
      paid: moneyString(held ? held.paid : sumMoney(live.map((d) => d.paidAmount))),
      due: moneyString(held ? held.outstanding : sumMoney(live.map((d) => dec(d.amountDue).minus(dec(d.paidAmount))))),
      distributed: distributed.get(p.id) ?? '0.00',
      paymentStatus: worst(dues.map((d) => displayStatus(d.status, day(d.dueDate), now))),
      marks: marks.get(p.id) ?? [],
    };
  });
  const notices: Notice[] = [
    ...entries
      .filter((e) => e.round.status === 'OPEN' && e.round.deadline > now)
      .map((e): Notice => ({
        id: e.id,
        kind: 'SUBSCRIPTION',
        title: `${e.round.project.name} ${e.round.title}`,
        summary: e.subscribedAmount === null ? '待认购' : `已认购 ${formatMoney(e.subscribedAmount)}，截止前可修改`,
        projectName: e.round.project.name,
        createdAt: (e.round.noticeSentAt ?? e.round.createdAt).toISOString(),
        deadline: e.round.deadline.toISOString(),
        params: { projectId: e.round.projectId },
      })),
    ...entries
      .filter((e) => e.payment && e.payment.noticeSentAt && ['UNPAID', 'PARTIAL'].includes(e.payment.status))
      .map((e): Notice => ({
        id: e.payment!.id,
        kind: 'PAYMENT',
        title: `${e.round.project.name} 缴款通知`,
        summary: `尚欠 ${formatMoney(dec(e.payment!.amountDue).minus(dec(e.payment!.paidAmount)))}`,
        projectName: e.round.project.name,
        createdAt: e.payment!.noticeSentAt!.toISOString(),
        deadline: formatDate(e.payment!.dueDate),
        params: { noticeId: e.payment!.id },
      })),
  ];
  // 补缴 / 退款 after a peak change, once their notice went out: each opens its change notice (NOTICE_PAGE)
  notices.push(
    ...changeDues.map((d): Notice => {
      const left = formatMoney(dec(d.amountDue).minus(dec(d.paidAmount)));
      return {
        id: d.id,
        kind: d.kind === 'TOPUP' ? 'TOP_UP' : 'REFUND',
        title: `${d.project.name} ${d.kind === 'TOPUP' ? '补缴通知' : '退款通知'}`,
        summary: d.kind === 'TOPUP' ? `待补缴 ${left}` : `待退款 ${left}`,
        projectName: d.project.name,
        createdAt: d.noticeSentAt!.toISOString(),
        deadline: d.kind === 'TOPUP' ? formatDate(d.dueDate) : null,
        params: { dueId: d.id },
      };
    }),
  );
  // 分配通知 not paid yet and a 分配账户确认 asked for: each opens the page its work notice's action card opens
  notices.push(...distributionNotices);
  // 合伙协议 / 补充协议 waiting for my signature: one notice per project, opening its 协议 page
  notices.push(...agreementNotices);
  if (pending.length) {
    notices.push(
      ...pending.map((r): Notice => ({
        id: r.id,
        kind: 'REVIEW',
        title: r.title,
        summary: '待审核',
        projectName: r.project.name,
        createdAt: r.submittedAt.toISOString(),
        deadline: null,
        params: { reviewId: r.id },
      })),
    );
  }
  const deadlines = entries.map((e) => e.round.deadline.getTime()).filter((t) => t > now.getTime());
  const validUntil = new Date(Math.min(nextShanghaiMidnight(now).getTime(), ...deadlines));
  const body = {
    totals: {
      invested: moneyString(sumMoney(projects.map((p) => p.invested))),
      paid: moneyString(sumMoney(projects.map((p) => p.paid))),
      due: moneyString(sumMoney(projects.map((p) => p.due))),
      // every project paid out to me (a holding from the ledger alone has no round line to list it by)
      distributed: moneyString(sumMoney([...distributed.values()])),
    },
    projects,
    notices,
  };
  return { body, validUntil };
}

// Shanghai keeps no daylight saving: a day is 24 hours
const nextShanghaiMidnight = (now: Date) => new Date(startOfShanghaiDay(shanghaiDay(now)).getTime() + 86_400_000);
