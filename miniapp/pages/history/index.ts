/**
 * 投资记录: what the partner holds in one project, read from the capital ledger — 认缴 per round, each 立项调整
 * after a peak change (old → new), the money paid in and paid back with its dates, the 补缴 / 退款 dues, and the
 * totals (认缴, 实缴, and what is still to pay or to be refunded).
 */
import { CAPITAL_ENTRY_KIND_LABEL, LEVEL_LABEL, CHANGE_DUE_KIND_LABEL } from '../../../shared/api/labels';
import { pageUrlFor, readParams } from '../../../shared/deeplinks';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { api } from '../../services/api';
import { dueStatusText } from '../../services/capital';
import type { CapitalHistoryResponse } from '../../services/types';
import { date, emptyState, failedState, idOf, LOADING, READY, type ViewState } from '../../services/view';

interface Row {
  key: string;
  title: string;
  note: string;
  amount: string;
}
interface ChangeRow extends Row {
  /** 资金峰值 ¥… → ¥… */
  reasonText: string;
  oldCommitted: string;
  newCommitted: string;
  /** Signed: +¥… (补缴) or -¥… (退款). */
  deltaText: string;
}
interface DueRow extends Row {
  dueId: number;
  status: string;
  statusText: string;
}

interface HistoryData extends ViewState {
  projectId: number;
  projectName: string;
  committed: string;
  paid: string;
  /** 待缴 / 待退 / 已缴清 and its amount (never negative). */
  balanceLabel: string;
  balance: string;
  rounds: Row[];
  changes: ChangeRow[];
  tranches: Row[];
  dues: DueRow[];
}

const NEXT = '请返回项目页下拉刷新后重试；如仍有疑问，请联系项目经营会计。';

function signed(v: string): string {
  return dec(v).isPositive() && !dec(v).isZero() ? `+${formatMoney(v)}` : formatMoney(v);
}

function balanceOf(outstanding: string): { balanceLabel: string; balance: string } {
  const d = dec(outstanding);
  if (d.isZero()) return { balanceLabel: '已缴清', balance: '0.00' };
  return { balanceLabel: d.isNegative() ? '待退' : '待缴', balance: moneyString(d.abs()) };
}

function viewOf(res: CapitalHistoryResponse) {
  return {
    projectName: res.projectName,
    committed: res.totals.committed,
    paid: res.totals.paid,
    ...balanceOf(res.totals.outstanding),
    rounds: res.rounds.map((r): Row => ({
      key: `${r.roundId}-${r.level}`,
      title: `${r.title} · ${LEVEL_LABEL[r.level]}`,
      note: `${date(r.date)} 立项确认`,
      amount: r.amount,
    })),
    changes: res.changes.map((c): ChangeRow => ({
      key: `${c.changeId}-${c.level}`,
      title: `第 ${c.seq} 次立项调整 · ${LEVEL_LABEL[c.level]}`,
      note: `${date(c.date)} 生效`,
      amount: c.newCommitted,
      reasonText: `资金峰值由 ${formatMoney(c.oldPeakCapital)} 调整为 ${formatMoney(c.newPeakCapital)}`,
      oldCommitted: c.oldCommitted,
      newCommitted: c.newCommitted,
      deltaText: signed(c.delta),
    })),
    tranches: res.tranches.map((t): Row => ({
      key: String(t.id),
      title: CAPITAL_ENTRY_KIND_LABEL[t.kind],
      note: `${date(t.date)} · ${LEVEL_LABEL[t.level]}`,
      amount: t.amount,
    })),
    dues: res.dues.map((d): DueRow => ({
      key: String(d.dueId),
      dueId: d.dueId,
      title: `${CHANGE_DUE_KIND_LABEL[d.kind]}通知`,
      note: d.kind === 'TOPUP' && d.dueDate ? `截止 ${date(d.dueDate)}` : '',
      amount: d.amountDue,
      status: d.status,
      statusText: dueStatusText(d.kind, d.status),
    })),
  };
}

Page({
  data: {
    ...LOADING,
    projectId: 0,
    projectName: '',
    committed: '0.00',
    paid: '0.00',
    balanceLabel: '待缴',
    balance: '0.00',
    rounds: [],
    changes: [],
    tranches: [],
    dues: [],
  } as HistoryData,

  onLoad(query: PageQuery) {
    const params = readParams('history', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少项目编号，请从项目详情重新进入。'));
      return;
    }
    this.setData({ projectId: params.projectId });
    this.load();
  },

  onShow() {
    // back from a 补缴 / 退款 notice: refresh without flashing the loading state
    if (this.data.status === 'ready') this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const res = await api.capitalHistory(this.data.projectId);
      const view = viewOf(res);
      const nothing = !view.rounds.length && !view.changes.length && !view.tranches.length && !view.dues.length;
      this.setData({
        ...(nothing
          ? emptyState(
              '暂无投资记录',
              '项目立项（事业合伙立项审批通过）后，这里会列出您的认缴、缴款，以及峰值变更后的立项调整、补缴和退款。',
            )
          : READY),
        ...view,
      });
    } catch (err) {
      this.setData(failedState(err, '暂无投资记录', NEXT));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  openDue(e: DatasetEvent) {
    dd.navigateTo({ url: pageUrlFor('change-notice', { dueId: idOf(e) }) });
  },
});
