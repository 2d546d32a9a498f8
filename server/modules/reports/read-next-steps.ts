/**
 * One project's next steps for the banner of its console workspace: the stage (立项资料 → 完成) and what
 * projectNextSteps lists for it — the same items as 工作跟踪表, the quick guide's step that waits first (立项资料,
 * 股权合作, 项目资金峰值, 认购轮次, 认购通知, 测算, 送审, 事业合伙立项, 缴款通知), then the rest grouped by kind into short
 * lines that say who must act and since when. Each line carries the page that does it, as 工作跟踪表's 办理.
 */
import { shanghaiDay } from '../../../shared/datetime';
import type { TNextStep, TNextStepActor, TProjectNextSteps } from '../../../shared/api/next-steps';
import {
  ACTOR_ACCOUNTANT,
  ACTOR_APPROVERS,
  ACTOR_BUSINESS_ADMIN,
  ACTOR_PARTNERS,
  STAGE_KINDS,
  daysWaiting,
  projectNextSteps,
  type ProjectStageState,
  type TWorkKind,
  type WorkItem,
} from '../../../shared/next-steps';
import { notFound } from '../../lib/errors';
import type { Deps } from '../../deps';
import { workStates } from './read-report';
import * as repo from './repository';

const STAGE = ['立项资料', '合伙名单', '认购', '测算', '方案审核', '立项流程', '缴款', '完成'] as const;
const STAGE_OF_ROUND = { DRAFT: 1, OPEN: 2, CALCULATED: 3, IN_REVIEW: 4, APPROVED: 5, CONFIRMED: 6, CLOSED: 7 };
/** 12-20 from 2026-12-20 */
const monthDay = (d: string) => d.slice(5);
const tabOf = (link: string) => link.split('?')[0]!.split('/')[1] ?? 'setup';
const roleOf = (actor: string): TNextStepActor =>
  actor === ACTOR_ACCOUNTANT
    ? 'ACCOUNTANT'
    : actor === ACTOR_BUSINESS_ADMIN
      ? 'BUSINESS_ADMIN'
      : actor === ACTOR_APPROVERS
        ? 'APPROVER'
        : 'PARTNER';

/** Items of one kind as one line. */
function groupLine(kind: TWorkKind, items: WorkItem[], today: string): TNextStep {
  const first = items[0]!;
  const since = items.map((i) => i.since).sort()[0]!;
  const days = daysWaiting(since, today);
  const n = items.length;
  const partnerActs = items.some((i) => roleOf(i.actor) === 'PARTNER');
  // one item: its own page (a review opens on that review); several: the tab that lists them
  const link = n === 1 ? first.link : `business/${tabOf(first.link)}?projectId=${first.projectId}`;
  const base = { kind, since, days, tab: tabOf(first.link), link };
  const who = (names: string) => (n === 1 ? first.subject : `${names} 等 ${n} 项`);
  switch (kind) {
    case 'REVIEW':
      return {
        ...base,
        text: `待 ${ACTOR_BUSINESS_ADMIN} 审核${n === 1 ? `：${first.subject}` : ` ${n} 项`}（已送审 ${days} 天）`,
        actor: ACTOR_BUSINESS_ADMIN,
        actorRole: 'BUSINESS_ADMIN',
      };
    case 'UNPAID':
    case 'OVERDUE': {
      const nearest = items.map((i) => i.detail.match(/\d{4}-\d{2}-\d{2}/)?.[0] ?? i.since).sort()[0]!;
      return {
        ...base,
        text:
          kind === 'UNPAID'
            ? `${n} 人未缴款，最近截止 ${monthDay(nearest)}，请跟进缴款`
            : `${n} 人逾期未缴（截止 ${monthDay(nearest)} 已过），请催缴`,
        actor: ACTOR_PARTNERS,
        actorRole: 'PARTNER',
      };
    }
    default:
      return {
        ...base,
        text: `${first.kindLabel}：${who(first.subject)}${n === 1 ? `（${first.detail}）` : ''}`,
        actor: partnerActs ? ACTOR_PARTNERS : first.actor,
        actorRole: partnerActs ? 'PARTNER' : roleOf(first.actor),
      };
  }
}

/** The quick guide's step as the banner shows it: the item's line, who acts, since when. */
const stageLine = (i: WorkItem, today: string): TNextStep => ({
  kind: 'STAGE',
  text: i.detail,
  actor: i.actor,
  actorRole: roleOf(i.actor),
  since: i.since,
  days: daysWaiting(i.since, today),
  tab: tabOf(i.link),
  link: i.link,
});

const stageOf = (st: ProjectStageState) =>
  STAGE[st.schemeOn === null ? 0 : !st.round ? 1 : STAGE_OF_ROUND[st.round.status]];

export async function readProjectNextSteps(deps: Pick<Deps, 'db'>, projectId: number): Promise<TProjectNextSteps> {
  const today = shanghaiDay();
  const projects = await repo.scopedProjects(deps.db, { all: true }, { projectId });
  if (!projects.length) throw notFound('项目');
  const [state] = await workStates(deps.db, projects, today);
  const items = projectNextSteps(state!);
  const steps: TNextStep[] = items.filter((i) => STAGE_KINDS.includes(i.kind)).map((i) => stageLine(i, today));
  const byKind = new Map<TWorkKind, WorkItem[]>();
  for (const i of items) if (!STAGE_KINDS.includes(i.kind)) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i]);
  for (const [kind, list] of byKind) steps.push(groupLine(kind, list, today));
  return { projectId, stage: stageOf(state!.stage!), steps };
}
