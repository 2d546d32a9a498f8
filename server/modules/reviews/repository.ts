import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import type { ReviewStatus } from '../../generated/prisma/enums';
import { visibleProjectsWhere } from '../projects/visibility';
import { reviewRows } from './service';

export interface ReviewListQuery {
  page: number;
  pageSize: number;
  projectId?: number;
  status?: ReviewStatus;
}

/**
 * 审批队列: one page of reviews, newest first. Scoped to the projects the caller sees (the business admin all; an
 * accountant the granted ones); who may call it at all is the route's policy.
 */
export async function listReviews(deps: Deps, actor: Actor, query: ReviewListQuery) {
  const where = { status: query.status, projectId: query.projectId, project: visibleProjectsWhere(actor) };
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
}
