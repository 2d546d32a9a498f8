/**
 * 投资对账单: the partner's own money per project and overall — 认缴, 缴款 tranches with their dates, 补缴, 退款,
 * 本金返还, 资金利息, 利润, 税, 实发, MOIC and XIRR, the agreements (number, 协议状态, signed day) (GET /api/me/statement) — a bar chart of the money paid in and
 * received per year (plain views, no chart library), and the PDF statement: a short-lived signed link
 * (POST /api/me/statement/pdf-link) downloaded with dd.downloadFile and shown with dd.openDocument.
 */
import type { TMyStatement } from '../../../shared/api/statement';
import { dec, formatMoney } from '../../../shared/money';
import { statementAgreementLines, statementFigureRows } from '../../../shared/statement';
import { config } from '../../config';
import { api } from '../../services/api';
import { toastError } from '../../services/ui';
import { date, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface FigureRow {
  key: string;
  label: string;
  value: string;
}
interface Bar {
  period: string;
  inHeight: number;
  outHeight: number;
  inText: string;
  outText: string;
}
interface ProjectView {
  projectId: number;
  projectName: string;
  companyName: string;
  rows: FigureRow[];
  /** 协议: 未生成, or each document with its number and status (signed day) */
  agreementState: string;
  agreements: FigureRow[];
  tranches: Array<{ key: string; dateText: string; amount: string; topUp: boolean }>;
  events: Array<{ key: string; dateText: string; label: string; amount: string; note: string }>;
}
interface StatementData extends ViewState {
  asOfText: string;
  totalRows: FigureRow[];
  moicText: string;
  xirrText: string;
  bars: Bar[];
  projects: ProjectView[];
  downloading: boolean;
}

const CHART_HEIGHT = 120; // px of the tallest bar

/** Bar heights in px, proportional to the largest amount of the chart (decimal arithmetic, rounded to whole px). */
export function barsOf(flows: TMyStatement['flows']): Bar[] {
  const max = flows.reduce((m, f) => {
    const a = dec(f.in);
    const b = dec(f.out);
    return a.greaterThan(m) ? (b.greaterThan(a) ? b : a) : b.greaterThan(m) ? b : m;
  }, dec(0));
  const height = (v: string) => (max.isZero() ? 0 : dec(v).times(CHART_HEIGHT).div(max).toDecimalPlaces(0).toNumber());
  return flows.map((f) => ({
    period: f.period,
    inHeight: height(f.in),
    outHeight: height(f.out),
    inText: formatMoney(f.in),
    outText: formatMoney(f.out),
  }));
}

function downloadFile(url: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    dd.downloadFile({
      url,
      success: (res) => resolve(res.filePath),
      fail: (err) => reject(new Error(`下载失败（${err.error}）`)),
    });
  });
}

function openDocument(filePath: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    dd.openDocument({
      filePath,
      fileType: 'pdf',
      success: () => resolve(),
      fail: (err) => reject(new Error(err.error === 2 ? '当前设备无法打开 PDF 文件' : `打开文件失败（${err.error}）`)),
    });
  });
}

Page({
  data: {
    ...LOADING,
    asOfText: '',
    totalRows: [],
    moicText: '—',
    xirrText: '—',
    bars: [],
    projects: [],
    downloading: false,
  } as StatementData,

  onLoad() {
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const s = await api.statement();
      if (!s.projects.length) {
        this.setData(emptyState('暂无投资记录', '您参与的项目立项并缴款后，这里会列出每个项目的投入与收回。'));
        return;
      }
      const totalRows = statementFigureRows(s.totals);
      this.setData({
        ...READY,
        asOfText: date(s.asOf),
        totalRows,
        moicText: totalRows.find((r) => r.key === 'moic')!.value,
        xirrText: totalRows.find((r) => r.key === 'xirr')!.value,
        bars: barsOf(s.flows),
        projects: s.projects.map((p) => ({
          projectId: p.projectId,
          projectName: p.projectName,
          companyName: p.companyName,
          rows: statementFigureRows(p.figures),
          agreementState: p.agreement.stateLabel,
          agreements: statementAgreementLines(p.agreement),
          tranches: p.tranches.map((x, i) => ({
            key: `${x.date}-${i}`,
            dateText: date(x.date),
            amount: x.amount,
            topUp: x.topUp,
          })),
          events: p.events.map((e, i) => ({
            key: `${e.date}-${i}`,
            dateText: date(e.date),
            label: e.label,
            amount: e.amount,
            note: e.note,
          })),
        })),
      });
    } catch (err) {
      this.setData(failedState(err, '暂无投资对账单'));
    }
  },

  /** 下载 PDF: a signed link valid for minutes (dd.downloadFile sends no Authorization header), then open it. */
  async downloadPdf(): Promise<void> {
    if (this.data.downloading) return;
    this.setData({ downloading: true });
    try {
      const link = await api.statementLink();
      const filePath = await downloadFile(`${config.apiBase}${link.path}`);
      await openDocument(filePath);
    } catch (err) {
      toastError(err);
    } finally {
      this.setData({ downloading: false });
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },
});
