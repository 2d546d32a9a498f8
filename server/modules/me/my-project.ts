/** The project page: the scheme, the caller's subscription, holdings, payments, distributions and agreements. */
import { partnerMarksIn } from '../exits/repository';
import { myDistributionRows } from '../distributions/my-distributions';
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { notFound } from '../../lib/errors';
import { PROJECT_OPERATOR_LABEL, type TProjectOperator } from '../../../shared/api/identity';
import { formatDate } from '../../../shared/datetime';
import { dec, moneyString, ratioString } from '../../../shared/money';
import { displayStatus } from '../payments/status';
import { upperLimitOf } from '../subscription/limits';
import { totalCap } from '../../../shared/scheme-math';
import { day, subscriptionStatus } from './status';
import { findOwnExitIn } from './repository';
import { agreementSummary } from '../agreements/read-agreements';

export async function myProject(deps: Deps, actor: Actor, projectId: number) {
  const entries = await deps.db.roundPartner.findMany({
    where: { userId: actor.userId, round: { projectId } },
    include: { round: { omit: { calcSnapshot: true } }, payment: true },
    orderBy: { round: { seq: 'desc' } },
  });
  if (!entries.length) throw notFound('项目');
  const [project, scheme] = await Promise.all([
    deps.db.project.findUniqueOrThrow({
      where: { id: projectId },
      select: {
        id: true,
        name: true,
        acquiredOn: true,
        operator: true,
        orgUnit: { select: { name: true } },
        batch: { select: { name: true } },
      },
    }),
    deps.db.projectScheme.findUnique({ where: { projectId } }),
  ]);
  const latest = entries[0]!;
  // one upper limit for the project page and the subscribe page: the same call the 认购 check makes
  const upper = scheme ? await upperLimitOf(deps.db, scheme, latest) : dec(latest.maxAmount);
  return {
    project: {
      id: project.id,
      name: project.name,
      companyName: project.orgUnit.name,
      acquiredOn: project.acquiredOn ? formatDate(project.acquiredOn) : null,
      batchName: project.batch?.name ?? null,
      operator: project.operator ? PROJECT_OPERATOR_LABEL[project.operator as TProjectOperator] : null,
    },
    scheme: scheme && {
      peakCapital: moneyString(scheme.peakCapital),
      coInvestRatio: ratioString(scheme.totalRatio),
      capTotal: moneyString(totalCap(scheme)),
      status: latest.round.status,
    },
    subscription: {
      amount: latest.subscribedAmount === null ? null : moneyString(latest.subscribedAmount),
      lower: moneyString(latest.minAmount),
      upper: moneyString(upper),
      deadline: latest.round.deadline.toISOString(),
      status: subscriptionStatus({ ...latest, user: { id: actor.userId } }),
      confirmedAmount:
        ['CONFIRMED', 'CLOSED'].includes(latest.round.status) && latest.investedAmount !== null
          ? moneyString(latest.investedAmount)
          : null,
    },
    payments: entries
      .filter((e) => e.payment)
      .map((e) => ({
        noticeId: e.payment!.id,
        title: `${e.round.title}缴款`,
        dueAmount: moneyString(e.payment!.amountDue),
        paidAmount: moneyString(e.payment!.paidAmount),
        dueDate: formatDate(e.payment!.dueDate),
        status: displayStatus(e.payment!.status, day(e.payment!.dueDate)),
      })),
    distributions: (await myDistributionRows(deps.db, actor.userId, projectId)).map(({ projectId: _p, ...r }) => r),
    agreement: await agreementSummary(deps.db, actor.userId, projectId),
    marks: (await partnerMarksIn(deps.db, projectId, [{ id: actor.userId, status: 'ACTIVE' }])).get(actor.userId) ?? [],
    exitId: (await findOwnExitIn(deps.db, actor.userId, projectId))?.id ?? null,
  };
}
