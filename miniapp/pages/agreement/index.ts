/**
 * 协议: my 合伙协议 / 补充协议 in a project — number, version, amount (figures and 大写), status. 查看协议 downloads the
 * PDF through a short-lived signed link (dd.downloadFile) and opens it (dd.openDocument); 确认签署, once the document
 * was opened, asks a second confirmation with the amount in figures and 大写, then records the signature of that
 * document (its hash).
 */
import { AGREEMENT_STATE_LABEL, AGREEMENT_STATUS_LABEL } from '../../../shared/api/labels';
import type { TAgreementVersion } from '../../../shared/api/agreements';
import { readParams } from '../../../shared/deeplinks';
import { formatMoney } from '../../../shared/money';
import { api, downloadFile, openDocument } from '../../services/api';
import { confirm, once, toastError, toastFail, toastSuccess, withLoading } from '../../services/ui';
import { dateTime, emptyState, failedState, idOf, LOADING, READY, type ViewState } from '../../services/view';

interface AgreementView extends TAgreementVersion {
  statusLabel: string;
  /** the tag's colour: 已签署 green, 待签署 amber */
  tagStatus: string;
  generatedText: string;
  signedText: string;
  canSign: boolean;
  note: string;
}

interface AgreementData extends ViewState {
  projectId: number;
  projectName: string;
  summaryText: string;
  agreements: AgreementView[];
  /** documents opened on this visit: 确认签署 asks to read first */
  opened: number[];
  openingId: number;
  signingId: number;
}

function viewOf(a: TAgreementVersion, all: TAgreementVersion[]): AgreementView {
  const newer = all.some((b) => b.number === a.number && b.version > a.version);
  return {
    ...a,
    statusLabel: AGREEMENT_STATUS_LABEL[a.status],
    tagStatus: a.status === 'SIGNED' ? 'CONFIRMED' : 'UNPAID',
    generatedText: dateTime(a.generatedAt),
    signedText: a.signedAt ? dateTime(a.signedAt) : '',
    canSign: a.status === 'PENDING',
    note: a.status === 'SIGNED' && newer ? '已签署的版本，在新版本签署前继续有效。' : '',
  };
}

Page({
  data: {
    ...LOADING,
    projectId: 0,
    projectName: '',
    summaryText: '',
    agreements: [],
    opened: [],
    openingId: 0,
    signingId: 0,
  } as AgreementData,

  onLoad(query: PageQuery) {
    const params = readParams('agreement', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少项目编号，请从项目详情重新进入。'));
      return;
    }
    this.setData({ projectId: params.projectId });
    this.load();
  },

  async load(): Promise<void> {
    try {
      const res = await api.agreements(this.data.projectId);
      if (!res.agreements.length) {
        this.setData(emptyState('协议尚未生成', '经营会计生成协议后，您会在这里看到并签署。'));
        return;
      }
      const pending = res.agreements.filter((a) => a.status === 'PENDING').length;
      this.setData({
        ...READY,
        projectName: res.projectName,
        summaryText: pending ? `${pending} 份协议待签署` : AGREEMENT_STATE_LABEL[res.state],
        agreements: res.agreements.map((a) => viewOf(a, res.agreements)),
      });
    } catch (err) {
      this.setData(failedState(err, '没有协议'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async openFile(e: DatasetEvent): Promise<void> {
    const id = idOf(e);
    await once('agreement-open', async () => {
      this.setData({ openingId: id });
      try {
        const filePath = await withLoading('正在下载协议', async () =>
          downloadFile((await api.agreementLink(id)).path),
        );
        await openDocument(filePath, 'pdf');
        if (this.data.opened.indexOf(id) < 0) this.setData({ opened: this.data.opened.concat([id]) });
      } catch (err) {
        toastError(err);
      }
      this.setData({ openingId: 0 });
    });
  },

  async sign(e: DatasetEvent): Promise<void> {
    const id = idOf(e);
    if (this.data.opened.indexOf(id) < 0) {
      toastFail('请先点击“查看协议”阅读全文');
      return;
    }
    await once('agreement-sign', async () => {
      this.setData({ signingId: id });
      try {
        const start = await api.startSigning(id);
        const ok = await confirm({
          title: '确认签署',
          content: `认缴出资额 ${formatMoney(start.amount)}\n${start.amountInWords}\n\n${start.statement}`,
          confirmButtonText: '确认签署',
        });
        if (ok) {
          await withLoading('正在签署', () => api.signAgreement(id, start.sha256));
          toastSuccess('已签署');
          await this.load();
        }
      } catch (err) {
        toastError(err);
      }
      this.setData({ signingId: 0 });
    });
  },
});
