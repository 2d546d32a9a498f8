/**
 * 项目披露 (the action card of the 披露通知: one notice per partner per day): every project disclosed to the partner
 * that day — the KPIs that concern them in plain words, each 盈利指标 against its 立项 value, the milestones against
 * their plan and the accountant's narrative. Only the partner's own notice (GET /api/me/disclosure-digests/:id).
 */
import type { TMyDisclosure } from '../../../shared/api/disclosure';
import { readParams } from '../../../shared/deeplinks';
import { api } from '../../services/api';
import { date, emptyState, failedState, LOADING, READY, type ViewState } from '../../services/view';

interface ItemView extends TMyDisclosure {
  attachmentText: string;
}

interface DisclosureData extends ViewState {
  digestId: number;
  dayText: string;
  items: ItemView[];
}

const NEXT = '请从钉钉工作通知重新打开；如有疑问，请联系项目经营会计。';

Page({
  data: { ...LOADING, digestId: 0, dayText: '', items: [] } as DisclosureData,

  onLoad(query: PageQuery) {
    const params = readParams('disclosure', query);
    if (!params) {
      this.setData(emptyState('链接无效', '缺少披露通知编号，请从披露通知重新进入。'));
      return;
    }
    this.setData({ digestId: params.digestId });
    this.load();
  },

  onPullDownRefresh() {
    this.load().then(() => dd.stopPullDownRefresh());
  },

  async load(): Promise<void> {
    try {
      const d = await api.disclosureDigest(this.data.digestId);
      if (!d.items.length) {
        this.setData(emptyState('暂无披露', NEXT));
        return;
      }
      this.setData({
        ...READY,
        dayText: date(d.day),
        items: d.items.map((i) => ({ ...i, attachmentText: i.attachments.map((a) => a.fileName).join('、') })),
      });
    } catch (err) {
      this.setData(failedState(err, '暂无披露', NEXT));
    }
  },

  reload() {
    this.setData(LOADING);
    this.load();
  },
});
