import { projectNextStepsRead, reportRead, reportScope } from '../../auth/policy';
import { route, XLSX_DOWNLOAD } from '../../http/route';
import { ZIdParams } from '../../../shared/api/common';
import { ZProjectNextSteps } from '../../../shared/api/next-steps';
import { ZReportCharts, ZReportKindParams, ZReportPage, ZReportQuery } from '../../../shared/api/reports';
import { readProjectNextSteps } from './read-next-steps';
import { exportReport, readCharts, readReport } from './read-report';

export const reportRoutes = [
  route({
    method: 'GET',
    path: '/api/report-charts',
    summary: '报表图表：各项目 / 城市公司的认缴、实缴与逾期，按月分配',
    response: ZReportCharts,
    policy: reportRead,
    query: ZReportQuery,
    handler: ({ deps, actor }, { query }) => readCharts(deps, reportScope(actor), query),
  }),
  route({
    method: 'GET',
    path: '/api/reports/:kind',
    summary:
      '报表（工作跟踪表、立项及缴款汇总表、分配汇总表、实时跟踪汇总表、员工合伙信息查询表、退出员工合伙信息查询表）：筛选、排序、分页与合计',
    response: ZReportPage,
    policy: reportRead,
    params: ZReportKindParams,
    query: ZReportQuery,
    handler: ({ deps, actor }, { params, query }) => readReport(deps, reportScope(actor), params.kind, query),
  }),
  route({
    method: 'GET',
    path: '/api/reports/:kind/export',
    summary: '导出报表（Excel：与页面相同的筛选、排序和列，全部行及合计）',
    raw: XLSX_DOWNLOAD,
    policy: reportRead,
    params: ZReportKindParams,
    query: ZReportQuery,
    handler: async (rc, { params, query }) => {
      const { fileName, body } = await exportReport(rc.deps, reportScope(rc.actor), params.kind, query);
      rc.ctx.set('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`);
      rc.ctx.type = XLSX_DOWNLOAD.contentType;
      rc.ctx.body = body;
    },
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/next-steps',
    summary: '项目下一步：所处阶段、待办事项、由谁处理、已等待几天（项目工作区顶部提示）',
    response: ZProjectNextSteps,
    policy: projectNextStepsRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => readProjectNextSteps(deps, params.id),
  }),
];
