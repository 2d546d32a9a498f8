/**
 * The 披露通知 (one per partner per day, listing every project disclosed to them), rendered from the 模板管理
 * template in force (kind DISCLOSURE_NOTICE, its 项目 list placeholder); the notice records the version it used.
 */
import { eappUrl } from '../../../shared/deeplinks';
import type { TComparisonRow, TMilestoneComparison } from '../../../shared/api/disclosure';
import { renderVersion, type TemplateVersionRow } from '../templates';
import { highlights } from './calc/compare';

export interface DisclosureNoticeItem {
  projectName: string;
  periodLabel: string;
  comparison: TComparisonRow[];
  milestones: TMilestoneComparison[];
}

/** One line per project for the list: what concerns a partner first (the profit), or a pointer to the page. */
export const summaryOf = (i: DisclosureNoticeItem): string =>
  highlights(i.comparison, i.milestones)[0]?.replace(/。$/, '') ?? '经营情况请查看披露详情';

export function disclosureNotice(
  template: TemplateVersionRow,
  input: { digestId: number; day: string; name: string; items: DisclosureNoticeItem[] },
) {
  const t = renderVersion(template, {
    姓名: input.name,
    披露日期: input.day,
    项目数: String(input.items.length),
    项目: input.items.map((i) => ({ 项目名称: i.projectName, 披露期间: i.periodLabel, 摘要: summaryOf(i) })),
  });
  return {
    templateVersionId: t.templateVersionId,
    msg: {
      msgtype: 'action_card' as const,
      action_card: {
        title: t.title,
        markdown: t.text,
        single_title: '查看披露',
        single_url: eappUrl('disclosure', { digestId: input.digestId }),
      },
    },
  };
}
