/** 项目资金峰值: the peak and the shareholders go to DingTalk OA; completion confirms the peak. */
import { invalidState } from '../../lib/errors';
import { formatMoney, formatRatio } from '../../../shared/money';
import { projectHeader, type FlowDefinition } from './definition';

export const peakCapitalFlow: FlowDefinition = {
  prepare: async (tx, projectId) => {
    const p = await projectHeader(tx, projectId);
    const scheme = await tx.projectScheme.findUnique({ where: { projectId } });
    const shareholders = await tx.shareholder.findMany({ where: { projectId }, orderBy: { sortOrder: 'asc' } });
    if (!scheme) throw invalidState('请先填写【立项信息】中的资金峰值');
    if (!shareholders.length) throw invalidState('请先维护【股权合作】中的股东信息');
    return {
      title: `${p.name} 项目资金峰值`,
      fields: [
        { name: '项目名称', value: p.name },
        { name: '城市公司', value: p.orgUnit.name },
        { name: '资金峰值', value: formatMoney(scheme.peakCapital) },
        {
          name: '股东信息',
          table: shareholders.map((s) => [
            { name: '股东', value: s.name },
            { name: '持股比例', value: formatRatio(s.equityRatio, 2) },
            { name: '我方', value: s.isOurs ? '是' : '否' },
          ]),
          componentType: 'TableField',
        },
      ],
    };
  },
  onAgreed: async (tx, _deps, flow) => {
    await tx.projectScheme.update({
      where: { projectId: flow.projectId },
      data: { peakConfirmedAt: new Date(), version: { increment: 1 } },
    });
  },
};
