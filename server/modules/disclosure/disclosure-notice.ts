/**
 * The text of the 披露通知 (one per partner per day, listing every project disclosed to them): composed here only,
 * so that it can move to a versioned notice template (模板管理, kind DISCLOSURE_NOTICE with a list placeholder)
 * without touching the job.
 */
import { eappUrl } from '../../../shared/deeplinks';

export interface DisclosureNoticeItem {
  projectName: string;
  periodLabel: string;
}

export function disclosureNoticeMessage(input: { digestId: number; day: string; items: DisclosureNoticeItem[] }) {
  const title = `项目披露通知（${input.day}）`;
  const list = input.items.map((i, n) => `${n + 1}. ${i.projectName}：${i.periodLabel}披露`).join('\n\n');
  return {
    msgtype: 'action_card' as const,
    action_card: {
      title,
      markdown:
        `### ${title}\n\n您参与跟投的以下 ${input.items.length} 个项目发布了经营披露（盈利指标与立项对比、关键节点、说明）：\n\n` +
        `${list}\n\n点击查看详情。`,
      single_title: '查看披露',
      single_url: eappUrl('disclosure', { digestId: input.digestId }),
    },
  };
}
