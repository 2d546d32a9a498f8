/** 协议: download my agreement (dd.downloadFile with the bearer token) and open it (dd.openDocument). */
import { readParams } from '../../../shared/deeplinks';
import { api, downloadFile, openDocument } from '../../services/api';
import { once, toastError, withLoading } from '../../services/ui';
import { dateTime, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface AgreementData extends ViewState {
  projectId: number;
  projectName: string;
  fileName: string;
  fileType: DdDocumentType;
  downloadPath: string;
  generatedText: string;
  opening: boolean;
}

Page({
  data: {
    ...LOADING,
    projectId: 0,
    projectName: '',
    fileName: '',
    fileType: 'pdf',
    downloadPath: '',
    generatedText: '',
    opening: false,
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
      const a = await api.agreement(this.data.projectId);
      this.setData({
        ...READY,
        projectName: a.projectName,
        fileName: a.fileName,
        fileType: a.fileType,
        downloadPath: a.downloadPath,
        generatedText: dateTime(a.generatedAt),
      });
    } catch (err) {
      this.setData(failedState(err, '协议尚未生成'));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },

  async openFile(): Promise<void> {
    await once('agreement', async () => {
      this.setData({ opening: true });
      try {
        const filePath = await withLoading('正在下载协议', () => downloadFile(this.data.downloadPath));
        await openDocument(filePath, this.data.fileType);
      } catch (err) {
        toastError(err);
      }
      this.setData({ opening: false });
    });
  },
});
