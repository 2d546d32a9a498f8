import { z } from 'zod';
import { capitalRead, loggedIn } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId, ZIdParams } from '../../../shared/api/common';
import {
  ZCapitalEntriesQuery,
  ZCapitalEntryPage,
  ZCapitalHistory,
  ZCapitalOverview,
} from '../../../shared/api/capital';
import { capitalOverview, listCapitalEntries, myCapitalHistory } from './read-capital';

export const capitalRoutes = [
  route({
    method: 'GET',
    path: '/api/projects/:id/capital',
    summary: '资金台账汇总：各层级额度、合伙人认缴、平台公司、实缴、未缴、应退，每位持有人，各轮次',
    response: ZCapitalOverview,
    policy: capitalRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => capitalOverview(deps, params.id),
  }),
  route({
    method: 'GET',
    path: '/api/projects/:id/capital/entries',
    summary: '资金台账分录（分页，可按合伙人、层级筛选）',
    response: ZCapitalEntryPage,
    policy: capitalRead,
    params: ZIdParams,
    query: ZCapitalEntriesQuery,
    handler: ({ deps }, { params, query }) => listCapitalEntries(deps, params.id, query),
  }),
  route({
    method: 'GET',
    path: '/api/me/projects/:projectId/capital-history',
    summary: '我的出资记录：各轮认购、立项调整、缴款、退款与当前合计（仅本人）',
    response: ZCapitalHistory,
    policy: loggedIn,
    params: z.object({ projectId: ZId }),
    handler: ({ deps, actor }, { params }) => myCapitalHistory(deps, actor, params.projectId),
  }),
];
