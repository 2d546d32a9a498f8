import type { Deps } from '../../deps';
import type { TReviewCounts, TReviewPartner } from '../../../shared/api/reviews';
import { consoleUrl } from '../../lib/console-url';
import type { Tx } from '../../lib/db';
import { AppError, notFound } from '../../lib/errors';
import { eappUrl } from '../../../shared/deeplinks';
import { nextStepAfterReview, nextStepPath } from '../../../shared/next-step';
import { formatDateTime } from '../../../shared/datetime';
import { enqueueNotifications } from '../notify/outbox';
import { renderTemplate } from '../templates';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { refused, nextState } from '../../lib/state-machine';
import { reviewMachine, transitionReview, type ReviewAction } from './state';

/** What a kind of subject (a round's scheme, a distribution batch, an exit) does when its review is decided. */
export interface ReviewSummary {
  text: string;
  amount: string | null;
  lines: { label: string; value: string; amount?: boolean; note?: string }[];
  /** a round's review: every person on the list and the head counts (shared/api/reviews.ts ZReviewPartner) */
  partners?: TReviewPartner[];
  counts?: TReviewCounts;
}

export interface ReviewSubject {
  label: string;
  onDecided: (
    tx: Tx,
    review: { id: number; subjectId: number; projectId: number; reason: string | null },
    outcome: 'APPROVED' | 'REJECTED' | 'CANCELLED',
  ) => Promise<void>;
  /** What the reviewer looks at: a one-line summary, the amount at stake and labelled rows. */
  summary: (deps: Deps, subjectId: number) => Promise<ReviewSummary>;
}

/** The subjects, by type: set at process start from one explicit list (modules/event-handlers.ts), never on import. */
let subjects = new Map<string, ReviewSubject>();
export function registerReviewSubjects(list: Record<string, ReviewSubject>): void {
  subjects = new Map(Object.entries(list));
}
/** The registered subject types (for tests and the start-up check). */
export const reviewSubjectTypes = (): string[] => [...subjects.keys()];
const subjectOf = (type: string) => {
  const s = subjects.get(type);
  if (!s) throw new Error(`no review subject '${type}' (registerDomainEventHandlers not called?)`);
  return s;
};

export { consoleUrl };

async function reviewers(tx: Tx): Promise<{ id: number; dingUserId: string | null }[]> {
  return tx.user.findMany({
    where: { status: 'ACTIVE', roles: { some: { role: { kind: 'BUSINESS_ADMIN' } } } },
    select: { id: true, dingUserId: true },
  });
}

/**
 * 送审: opens a review and, in the same transaction, queues a DingTalk todo and a work notification for
 * every business admin. Only one review per subject can be pending.
 */
export async function submitForReview(
  tx: Tx,
  deps: Deps,
  who: AuditActor,
  s: { subjectType: string; subjectId: number; projectId: number; title: string },
): Promise<{ id: number }> {
  subjectOf(s.subjectType);
  const pending = await tx.review.findFirst({
    where: { subjectType: s.subjectType, subjectId: s.subjectId, status: 'PENDING' },
    select: { id: true },
  });
  if (pending) throw new AppError('INVALID_STATE', '已送审，请等待审核结果', { reviewId: pending.id });
  const review = await tx.review.create({ data: { ...s, submittedById: who.actorId ?? 0 } });
  await writeAudit(tx, who, {
    action: 'submit',
    entity: 'Review',
    entityId: review.id,
    projectId: s.projectId,
    after: { subjectType: s.subjectType, subjectId: s.subjectId, status: 'PENDING' },
  });
  const url = eappUrl('review', { reviewId: review.id });
  const pcUrl = consoleUrl(deps, `business/review?reviewId=${review.id}`);
  const when = formatDateTime(review.submittedAt);
  const notice = await renderTemplate(tx, 'REVIEW_NOTICE', {
    审核事项: s.title,
    送审人: who.actorName ?? '',
    送审时间: review.submittedAt,
    审核单号: review.id,
  });
  const items = (await reviewers(tx))
    .filter((r) => r.dingUserId)
    .flatMap((r) => [
      {
        channel: 'TODO' as const,
        kind: 'review_todo',
        userId: r.id,
        dingUserId: r.dingUserId!,
        dedupeKey: `review:${review.id}:todo:${r.id}`,
        todo: {
          op: 'create' as const,
          subject: `【待审核】${s.title}`,
          description: `${who.actorName ?? ''} 于 ${when} 送审`,
          detailUrl: { appUrl: url, pcUrl },
        },
      },
      {
        channel: 'WORK' as const,
        kind: 'review_notice',
        userId: r.id,
        dingUserId: r.dingUserId!,
        dedupeKey: `review:${review.id}:notice:${r.id}`,
        templateVersionId: notice.templateVersionId,
        msg: {
          msgtype: 'action_card' as const,
          // on the phone the mini-program's 审批详情, on the PC the console's 方案审核 with the review open
          action_card: {
            title: notice.title,
            markdown: notice.text,
            btn_orientation: '1' as const,
            btn_json_list: [
              { title: '去审核', action_url: url },
              { title: '在管理后台审核', action_url: pcUrl },
            ],
          },
        },
      },
    ]);
  await enqueueNotifications(tx, items);
  return { id: review.id };
}

/** 审核: approve, or reject with a reason. The subject moves on in the same transaction; the todos are closed. */
export async function decideReview(
  deps: Deps,
  who: AuditActor,
  reviewId: number,
  action: ReviewAction,
  version: number | undefined,
  reason?: string,
) {
  return deps.db.$transaction(async (tx) => {
    const review = await tx.review.findUnique({ where: { id: reviewId } });
    if (!review) throw notFound('审核单');
    const next = nextState(reviewMachine, review.status, action);
    if (!next) throw refused(reviewMachine, review.status, action);
    if (action === 'reject' && !reason)
      throw new AppError('VALIDATION_FAILED', '请填写驳回原因', [{ path: 'reason', message: '请填写驳回原因' }]);
    // Only a pending review can be decided, once: two reviewers deciding at the same time → one wins, one gets 409.
    await transitionReview(tx, reviewId, action, {
      actor: who,
      expected: { status: review.status, version: version ?? review.version },
      data: { decidedById: who.actorId, decidedAt: new Date(), reason: reason ?? null },
      audit: { after: { reason } },
    });
    await subjectOf(review.subjectType).onDecided(
      tx,
      { id: review.id, subjectId: review.subjectId, projectId: review.projectId, reason: reason ?? null },
      next as Exclude<typeof next, 'PENDING'>,
    );
    const todoKeys = await tx.notification.findMany({
      where: { dedupeKey: { startsWith: `review:${reviewId}:todo:` } },
      select: { dedupeKey: true, userId: true, dingUserId: true },
    });
    const submitter = await tx.user.findUnique({
      where: { id: review.submittedById },
      select: { id: true, dingUserId: true },
    });
    const step = nextStepAfterReview(review.subjectType, next === 'APPROVED' ? 'APPROVED' : 'REJECTED');
    const verdict = next === 'APPROVED' ? '审核通过' : next === 'REJECTED' ? `已驳回：${reason}` : '已撤回';
    const result = await renderTemplate(tx, 'REVIEW_RESULT', {
      审核结果: verdict,
      审核事项: review.title,
      审核单号: reviewId,
      审核时间: new Date(),
    });
    await enqueueNotifications(tx, [
      ...todoKeys
        .filter((t) => t.dingUserId)
        .map((t) => ({
          channel: 'TODO' as const,
          kind: 'review_todo_done',
          userId: t.userId ?? undefined,
          dingUserId: t.dingUserId!,
          dedupeKey: `${t.dedupeKey}:done`,
          todo: { op: 'complete' as const, todoDedupeKey: t.dedupeKey! },
        })),
      ...(submitter?.dingUserId && action !== 'cancel'
        ? [
            {
              channel: 'WORK' as const,
              kind: 'review_result',
              userId: submitter.id,
              dingUserId: submitter.dingUserId,
              dedupeKey: `review:${reviewId}:result`,
              templateVersionId: result.templateVersionId,
              // what follows the decision, with the button that opens the console page where it is done
              msg: {
                msgtype: 'action_card' as const,
                action_card: {
                  title: result.title,
                  markdown: `${result.text}\n\n**${step.text}**`,
                  single_title: step.button,
                  single_url: consoleUrl(deps, nextStepPath(step, review.projectId)),
                },
              },
            },
          ]
        : []),
    ]);
    return tx.review.findUniqueOrThrow({ where: { id: reviewId } });
  });
}

type ReviewRow = {
  id: number;
  subjectType: string;
  subjectId: number;
  projectId: number;
  title: string;
  status: string;
  submittedById: number;
  submittedAt: Date;
  decidedById: number | null;
  decidedAt: Date | null;
  reason: string | null;
  version: number;
};

export function toReviewDto(r: ReviewRow) {
  return {
    ...r,
    kind: subjects.get(r.subjectType)?.label ?? r.subjectType,
    submittedAt: r.submittedAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}

/** Review rows for lists: who submitted, which project, the amount at stake. */
export async function reviewRows(deps: Deps, rows: (ReviewRow & { project: { id: number; name: string } })[]) {
  const users = await deps.db.user.findMany({
    where: { id: { in: [...new Set(rows.map((r) => r.submittedById))] } },
    select: { id: true, name: true },
  });
  return Promise.all(
    rows.map(async (r) => ({
      ...toReviewDto(r),
      project: r.project,
      projectName: r.project.name,
      submittedBy: users.find((u) => u.id === r.submittedById)?.name ?? null,
      amount: (await subjectOf(r.subjectType).summary(deps, r.subjectId)).amount,
    })),
  );
}

export async function reviewDetail(deps: Deps, reviewId: number) {
  const r = await deps.db.review.findUnique({
    where: { id: reviewId },
    include: { project: { select: { id: true, name: true } } },
  });
  if (!r) throw notFound('审核单');
  const [row] = await reviewRows(deps, [r]);
  const summary = await subjectOf(r.subjectType).summary(deps, r.subjectId);
  return {
    ...row!,
    summary: summary.text,
    lines: summary.lines,
    ...(summary.partners ? { partners: summary.partners } : {}),
    ...(summary.counts ? { counts: summary.counts } : {}),
  };
}
