import { eappUrl } from '../../../shared/deeplinks';
import { formatDate, shanghaiDay } from '../../../shared/datetime';
import { dec } from '../../../shared/money';
import { LEVEL_LABEL } from '../../../shared/api/scheme';
import type { TLevel } from '../../../shared/api/labels';
import { markTest, renderVersion, type TemplateVersionRow } from '../templates';

export function payeeText(s: { payeeName: string | null; payeeBank: string | null; payeeAccount: string | null }) {
  return s.payeeAccount ? `${s.payeeName ?? ''} ${s.payeeBank ?? ''} ${s.payeeAccount}` : '请联系城市公司经营会计';
}

/** 距缴款截止还有 N 天 / 今天是缴款截止日 / 已逾期 N 天 — so a reminder's text differs from one day to the next. */
export function daysLeftText(dueDay: string, today: string = shanghaiDay()): string {
  const days = Math.round((Date.parse(`${dueDay}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  if (days > 0) return `距缴款截止还有 ${days} 天`;
  if (days === 0) return '今天是缴款截止日';
  return `已逾期 ${-days} 天`;
}

/**
 * 缴款通知 / 催缴通知 from the template in force (`template`: PAYMENT_NOTICE for 'notice' and 'test', PAYMENT_REMINDER
 * for 'reminder', read by the caller with currentTemplate). Returns the card and the version it was rendered from.
 */
export function paymentCard(
  template: TemplateVersionRow,
  projectName: string,
  d: {
    id: number;
    amountDue: unknown;
    paidAmount: unknown;
    dueDate: Date;
    level: TLevel;
    user: { name: string };
  },
  payee: string,
  kind: 'notice' | 'reminder' | 'test',
) {
  const outstanding = dec(String(d.amountDue)).minus(dec(String(d.paidAmount)));
  const context: Record<string, unknown> = {
    姓名: d.user.name,
    项目名称: projectName,
    跟投层级: LEVEL_LABEL[d.level],
    应缴金额: String(d.amountDue),
    缴款截止: d.dueDate,
    收款账户: payee,
  };
  if (kind === 'reminder')
    Object.assign(context, {
      尚欠金额: outstanding,
      剩余天数说明: daysLeftText(formatDate(d.dueDate)),
      提醒日期: shanghaiDay(),
    });
  const r = renderVersion(template, context);
  return {
    templateVersionId: r.templateVersionId,
    msg: {
      msgtype: 'action_card' as const,
      action_card: {
        title: kind === 'test' ? `【测试】${r.title}` : r.title,
        markdown: kind === 'test' ? markTest(r.text) : r.text,
        single_title: '查看缴款',
        single_url: eappUrl('payment', { noticeId: d.id }),
      },
    },
  };
}
