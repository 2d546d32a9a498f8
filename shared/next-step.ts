/**
 * What the staff member told about an outcome does next, and where: the line under a review decision or a flow
 * result in their DingTalk notice, and the console page its button opens (`/console/business/<tab>?projectId=`).
 * One table, so a notice never says "done" without saying what follows.
 */
import type { TFlowType } from './api/scheme';

export interface NextStep {
  /** one line: what to do now, naming the console tab */
  text: string;
  /** the business tab that does it (Business.tsx tab keys) */
  tab: string;
  /** the button's title */
  button: string;
  /** a page outside 业务 (below /console/, e.g. admin/minority): the step opens it with `projectId` */
  route?: string;
  /** the page's section to open (`section=`) */
  section?: string;
}

/** After a review of a subject type ('ROUND', 'DISTRIBUTION' …) is approved or sent back. */
export function nextStepAfterReview(subjectType: string, outcome: 'APPROVED' | 'REJECTED'): NextStep {
  if (outcome === 'REJECTED') {
    const tab =
      { ROUND: 'calc', SCHEME_CHANGE: 'change', DISTRIBUTION: 'distributions', DISCLOSURE: 'disclosure' }[
        subjectType
      ] ?? 'review';
    if (subjectType === 'MINORITY_HOLDER' || subjectType === 'MINORITY_BATCH')
      return {
        ...minority(subjectType === 'MINORITY_HOLDER' ? 'holders' : 'batches'),
        text: '请按退回原因修改后重新申请审核',
        button: '去修改',
      };
    return { text: '请按驳回原因修改后重新送审', tab, button: '去修改' };
  }
  switch (subjectType) {
    case 'ROUND':
      return {
        text: '下一步：请在【项目流程】发起【事业合伙立项】（补充认购为【事业合伙补充立项】）',
        tab: 'flows',
        button: '去发起流程',
      };
    case 'SCHEME_CHANGE':
      return {
        text: '下一步：请在【项目流程】发起【立项信息变更】或【资金峰值调整】流程',
        tab: 'flows',
        button: '去发起流程',
      };
    case 'DISTRIBUTION':
      return { text: '下一步：请在【项目流程】发起【本金分配】或【利润分配】流程', tab: 'flows', button: '去发起流程' };
    case 'DISCLOSURE':
      return { text: '披露已审核通过，持有人将收到披露通知', tab: 'disclosure', button: '查看披露' };
    case 'MINORITY_HOLDER':
      return { ...minority('batches'), text: '股东已审核通过，可在【股东分配】新建分配批次', button: '去股东分配' };
    case 'MINORITY_BATCH':
      return { ...minority('batches'), text: '下一步：银行发放后请在【股东分配】登记发放', button: '去登记发放' };
    default:
      return { text: '审核已通过', tab: 'review', button: '查看' };
  }
}

/** 外部股东 (后台管理), on 股东登记 or 股东分配. */
const minority = (section: 'holders' | 'batches') => ({ tab: 'minority', route: 'admin/minority', section });

/** After a 项目流程 flow completes in DingTalk, or is refused or withdrawn. */
export function nextStepAfterFlow(type: TFlowType, status: 'COMPLETED' | 'REJECTED' | 'TERMINATED'): NextStep {
  if (status !== 'COMPLETED')
    return { text: '流程未通过：可按审批意见修改后在【项目流程】重新发起', tab: 'flows', button: '查看项目流程' };
  switch (type) {
    case 'PEAK_CAPITAL':
      return { text: '下一步：请在【合伙名单】新建立项认购轮次并发送认购通知', tab: 'partners', button: '去合伙名单' };
    case 'SCHEME_APPROVAL':
    case 'SUPPLEMENT_APPROVAL':
      return { text: '下一步：应缴金额已生成，请在【缴款】发送缴款通知', tab: 'payments', button: '去发送缴款通知' };
    case 'PEAK_ADJUSTMENT':
    case 'SCHEME_CHANGE':
      return {
        text: '下一步：请在【变更缴款确认】发送补缴 / 退款通知并确认到账',
        tab: 'change-dues',
        button: '去变更缴款确认',
      };
    case 'EXIT':
      return { text: '下一步：请在【退出流程】登记退出打款', tab: 'exits', button: '去登记打款' };
    case 'PRINCIPAL_DISTRIBUTION':
    case 'PROFIT_DISTRIBUTION_1':
    case 'PROFIT_DISTRIBUTION_2':
    case 'PROFIT_DISTRIBUTION_3':
      return {
        text: '下一步：分配通知将在分配日自动发出；银行发放后请在【分配】登记发放结果',
        tab: 'distributions',
        button: '去分配',
      };
    default:
      return { text: '流程已完成', tab: 'flows', button: '查看项目流程' };
  }
}

/** The console path of a next step for a project. */
export const nextStepPath = (step: NextStep, projectId: number): string =>
  `${step.route ?? `business/${step.tab}`}?projectId=${projectId}${step.section ? `&section=${step.section}` : ''}`;
