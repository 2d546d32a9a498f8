import { z } from 'zod';
import { reviewRead, reviewReaders, roles } from '../../auth/policy';
import { route } from '../../http/route';
import { ZId, ZIdParams, ZPageQuery } from '../../../shared/api/common';
import { ZReject, ZReviewDecision } from '../../../shared/api/scheme';
import { auditActorOf } from '../../lib/audit';
import { decideReview, reviewDetail } from './service';
import { listReviews } from './repository';
import { ZReviewDetail, ZReviewPage } from '../../../shared/api/reviews';

const reviewer = roles('BUSINESS_ADMIN');

export const reviewRoutes = [
  route({
    method: 'GET',
    path: '/api/reviews',
    summary: '审批队列（业务管理员：待审核；会计：本人项目的送审记录）',
    response: ZReviewPage,
    policy: reviewReaders,
    query: ZPageQuery.extend({
      projectId: ZId.optional(),
      status: z
        .preprocess(
          (v) => (typeof v === 'string' ? v.toUpperCase() : v),
          z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CANCELLED']),
        )
        .optional(),
    }),
    handler: ({ deps, actor }, { query }) => listReviews(deps, actor, query),
  }),
  route({
    method: 'GET',
    path: '/api/reviews/:id',
    summary: '审核单详情',
    response: ZReviewDetail,
    policy: reviewRead,
    params: ZIdParams,
    handler: ({ deps }, { params }) => reviewDetail(deps, params.id),
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
