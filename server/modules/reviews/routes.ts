import { z } from 'zod';
import { hasRole } from '../../auth/actor';
import { roles } from '../../auth/policy';
import { route } from '../../http/route';
import { notFound } from '../../lib/errors';
import { ZIdParams, ZPageQuery } from '../../../shared/api/common';
import { ZReject, ZReviewDecision } from '../../../shared/api/scheme';
import { visibleProjectsWhere } from '../projects/visibility';
import { auditActorOf } from '../audit/audit';
import { decideReview, reviewDetail, reviewRows } from './service';
import { ZReviewDetail, ZReviewPage } from '../../../shared/api/reviews';

const reviewer = roles('BUSINESS_ADMIN');
// Reviews carry partner money: the business admin sees all; accountants only those of their granted projects;
// the system admin none.
const reviewReaders = roles('BUSINESS_ADMIN', 'HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT');

export const reviewRoutes = [
  route({
    method: 'GET',
    path: '/api/reviews',
    summary: '审批队列（业务管理员：待审核；会计：本人项目的送审记录）',
    response: ZReviewPage,
    policy: reviewReaders,
    query: ZPageQuery.extend({
      projectId: z.coerce.number().int().positive().optional(),
      status: z
        .preprocess(
          (v) => (typeof v === 'string' ? v.toUpperCase() : v),
          z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED']),
        )
        .optional(),
    }),
    handler: async ({ deps, actor }, { query }) => {
      const where = {
        status: query.status,
        projectId: query.projectId,
        project: hasRole(actor, 'BUSINESS_ADMIN') ? undefined : visibleProjectsWhere(actor),
      };
      const [rows, total] = await Promise.all([
        deps.db.review.findMany({
          where,
          orderBy: { id: 'desc' },
          skip: (query.page - 1) * query.pageSize,
          take: query.pageSize,
          include: { project: { select: { id: true, name: true } } },
        }),
        deps.db.review.count({ where }),
      ]);
      return { items: await reviewRows(deps, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  route({
    method: 'GET',
    path: '/api/reviews/:id',
    summary: '审核单详情',
    response: ZReviewDetail,
    policy: reviewReaders,
    params: ZIdParams,
    handler: async ({ deps, actor }, { params }) => {
      if (!hasRole(actor, 'BUSINESS_ADMIN')) {
        const visible = await deps.db.review.count({ where: { id: params.id, project: visibleProjectsWhere(actor) } });
        if (!visible) throw notFound('审核单');
      }
      return reviewDetail(deps, params.id);
    },
  }),
  route({
    method: 'POST',
    path: '/api/reviews/:id/approve',
    summary: '审核通过',
    response: ZReviewDetail,
    policy: reviewer,
    params: ZIdParams,
    body: ZReviewDecision,
    handler: async (rc, { params, body }) => {
      await decideReview(rc.deps, auditActorOf(rc), params.id, 'approve', body.version, body.reason);
      return reviewDetail(rc.deps, params.id);
    },
  }),
  route({
    method: 'POST',
    path: '/api/reviews/:id/reject',
    summary: '驳回（须填写原因）',
    response: ZReviewDetail,
    policy: reviewer,
    params: ZIdParams,
    body: ZReject,
    handler: async (rc, { params, body }) => {
      await decideReview(rc.deps, auditActorOf(rc), params.id, 'reject', body.version, body.reason);
      return reviewDetail(rc.deps, params.id);
    },
  }),
];
