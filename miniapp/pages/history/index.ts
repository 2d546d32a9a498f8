/**
 * 投资记录: what the partner holds in one project, read from the capital ledger — 认缴 per round, each 立项调整
 * after a peak change (old → new), the money paid in and paid back with its dates, the 补缴 / 退款 dues, and the
 * totals (认缴, 实缴, and what is still to pay or to be refunded).
 */
import { CAPITAL_ENTRY_KIND_LABEL, DUE_KIND_LABEL, LEVEL_LABEL, type TLevel } from '../../../shared/api/labels';
import type { TCapitalHistory } from '../../../shared/api/capital';
import { pageUrlFor, readParams } from '../../../shared/deeplinks';
import { dec, formatMoney, moneyString } from '../../../shared/money';
import { ERROR_CODES } from '../../../shared/api/errors';
import { api } from '../../services/api';
import { ApiError } from '../../services/http';
import { dueStatusText } from '../../services/capital';
import { date, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface Row {
  key: string;
  title: string;
  note: string;
  amount: string;
}
interface ChangeRow extends Row {
  oldCommitted: string;
  newCommitted: string;
  /** Signed: +¥… (补缴) or -¥… (退款). */
  deltaText: string;
}
interface DueRow extends Row {
  dueId: number;
  /** 补缴 / 退款 open the change notice, a 认购缴款 its 缴款通知. */
  page: 'change-notice' | 'payment';
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
  /** 资金利息 owed by a late entrant ('' when none). */
  interest: string;
  rounds: Row[];
  changes: ChangeRow[];
  tranches: Row[];
  dues: DueRow[];
}

const NEXT = '请返回项目页下拉刷新后重试；如仍有疑问，请联系项目经营会计。';
/** Nothing on the ledger for this partner yet (the BFF answers NOT_FOUND for a project without their entries). */
const NOTHING_YET = emptyState(
  '暂无投资记录',
  '项目立项（事业合伙立项审批通过）后，这里会列出您的认缴、缴款，以及峰值变更后的立项调整、补缴和退款。',
);
const ZERO = '0.00';

function signed(v: string): string {
  return dec(v).isPositive() && !dec(v).isZero() ? `+${formatMoney(v)}` : formatMoney(v);
}

function balanceOf(outstanding: string): { balanceLabel: string; balance: string } {
  const d = dec(outstanding);
  if (d.isZero()) return { balanceLabel: '已缴清', balance: ZERO };
  return { balanceLabel: d.isNegative() ? '待退' : '待缴', balance: moneyString(d.abs()) };
}

/** The ledger's items (oldest first) as the page's sections; 立项调整 gets its before / after from the running 认缴. */
function viewOf(res: TCapitalHistory) {
  const committed: Partial<Record<TLevel, string>> = {};
  const rounds: Row[] = [];
  const changes: ChangeRow[] = [];
  const tranches: Row[] = [];
  res.items.forEach((item, i) => {
    const key = String(i);
    const levelText = LEVEL_LABEL[item.level];
    const before = committed[item.level] ?? ZERO;
    const after = moneyString(dec(before).plus(dec(item.committedDelta)));
    committed[item.level] = after;
    if (item.kind === 'COMMITMENT') {
      rounds.push({
        key,
        title: `${item.round ? item.round.title : CAPITAL_ENTRY_KIND_LABEL.COMMITMENT} · ${levelText}`,
        note: `${date(item.valueDate)} 立项确认`,
        amount: item.committedDelta,
      });
    } else if (item.kind === 'COMMITMENT_CHANGE') {
      changes.push({
        key,
        title: `立项调整 · ${levelText}`,
        note: item.note ? `${date(item.valueDate)} 生效 · ${item.note}` : `${date(item.valueDate)} 生效`,
        amount: after,
        oldCommitted: before,
        newCommitted: after,
        deltaText: signed(item.committedDelta),
      });
    }
    if (!dec(item.paidDelta).isZero()) {
      tranches.push({
        key,
        title: CAPITAL_ENTRY_KIND_LABEL[item.kind],
        note: `${date(item.valueDate)} · ${levelText}`,
        amount: item.paidDelta,
      });
    }
  });
  return {
    projectName: res.projectName,
    committed: res.totals.committed,
    paid: res.totals.paid,
    ...balanceOf(res.totals.outstanding),
    interest: dec(res.totals.interest).isZero() ? '' : res.totals.interest,
    rounds,
    changes,
    tranches,
    dues: res.dues.map((d): DueRow => ({
      key: String(d.id),
      dueId: d.id,
      page: d.kind === 'INITIAL' ? 'payment' : 'change-notice',
      title: `${DUE_KIND_LABEL[d.kind]} · ${LEVEL_LABEL[d.level]}`,
      note: d.kind === 'REFUND' ? '' : `截止 ${date(d.dueDate)}`,
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
    interest: '',
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
      this.setData({ ...(nothing ? NOTHING_YET : READY), ...view });
    } catch (err) {
      const notMine = err instanceof ApiError && err.code === ERROR_CODES.NOT_FOUND;
      this.setData(notMine ? NOTHING_YET : failedState(err, '暂无投资记录', NEXT));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  openDue(e: DatasetEvent) {
    const key = e.currentTarget.dataset.key ?? e.target.dataset.key;
    const due = this.data.dues.find((d) => d.key === key);
    if (!due) return;
    dd.navigateTo({
      url:
        due.page === 'payment'
          ? pageUrlFor('payment', { noticeId: due.dueId })
          : pageUrlFor('change-notice', { dueId: due.dueId }),
    });
  },
});
