import { eappUrl } from '../../../shared/deeplinks';
import { formatDate, shanghaiDay } from '../../../shared/datetime';
import { dec, formatMoney } from '../../../shared/money';

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

export function paymentCard(
  projectName: string,
  d: { id: number; amountDue: unknown; paidAmount: unknown; dueDate: Date },
  payee: string,
  kind: 'notice' | 'reminder' | 'test',
) {
  const outstanding = dec(String(d.amountDue)).minus(dec(String(d.paidAmount)));
  const title = kind === 'reminder' ? `${projectName} 催缴通知` : `${projectName} 缴款通知`;
  return {
    msgtype: 'action_card' as const,
    action_card: {
      title: kind === 'test' ? `【测试】${title}` : title,
      markdown: `### ${kind === 'test' ? '【测试】' : ''}${title}\n\n应缴金额：${formatMoney(d.amountDue as string)}\n\n${kind === 'reminder' ? `尚欠金额：${formatMoney(outstanding)}\n\n` : ''}缴款截止：${formatDate(d.dueDate)}\n\n收款账户：${payee}${kind === 'reminder' ? `\n\n${daysLeftText(formatDate(d.dueDate))}（${shanghaiDay()} 提醒）` : ''}`,
      single_title: '查看缴款',
      single_url: eappUrl('payment', { noticeId: d.id }),
    },
  };
}
