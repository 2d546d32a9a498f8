/**
 * One project's next steps for the banner of its console workspace: the stage (立项资料 → 完成, from the scheme and
 * the latest round), the step that stage waits for, and what projectNextSteps (the same items as 工作跟踪表) lists —
 * grouped by kind into short lines that say who must act and since when.
 */
import { formatDate, shanghaiDay } from '../../../shared/datetime';
import { FLOW_LABEL } from '../../../shared/api/labels';
import type { TNextStep, TNextStepActor, TProjectNextSteps } from '../../../shared/api/next-steps';
import {
  ACTOR_ACCOUNTANT,
  ACTOR_BUSINESS_ADMIN,
  daysWaiting,
  projectNextSteps,
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
  actor === ACTOR_ACCOUNTANT ? 'ACCOUNTANT' : actor === ACTOR_BUSINESS_ADMIN ? 'BUSINESS_ADMIN' : 'PARTNER';

/** Items of one kind as one line. */
function groupLine(kind: TWorkKind, items: WorkItem[], today: string): TNextStep {
  const first = items[0]!;
  const since = items.map((i) => i.since).sort()[0]!;
  const days = daysWaiting(since, today);
  const n = items.length;
  const partnerActs = items.some((i) => roleOf(i.actor) === 'PARTNER');
  const base = { kind, since, days, tab: tabOf(first.link) };
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
        actor: '合伙人',
        actorRole: 'PARTNER',
      };
    }
    default:
      return {
        ...base,
        text: `${first.kindLabel}：${who(first.subject)}${n === 1 ? `（${first.detail}）` : ''}`,
        actor: partnerActs ? '合伙人' : first.actor,
        actorRole: partnerActs ? 'PARTNER' : roleOf(first.actor),
      };
  }
}

export async function readProjectNextSteps(deps: Pick<Deps, 'db'>, projectId: number): Promise<TProjectNextSteps> {
  const today = shanghaiDay();
  const [projects, stageRows] = await Promise.all([
    repo.scopedProjects(deps.db, { all: true }, { projectId }),
    repo.projectStage(deps.db, projectId),
  ]);
  const { project, round, flows } = stageRows;
  if (!project || !projects.length) throw notFound('项目');
  const [state] = await workStates(deps.db, projects, today);
  const items = projectNextSteps(state!);

  const steps: TNextStep[] = [];
  const accountant = (text: string, tab: string, since: Date | string | null): TNextStep => {
    const day = since === null ? null : typeof since === 'string' ? since : shanghaiDay(since);
    return {
      kind: 'STAGE',
      text,
      actor: ACTOR_ACCOUNTANT,
      actorRole: 'ACCOUNTANT',
      since: day,
      days: day === null ? null : daysWaiting(day, today),
      tab,
    };
  };
  const stageIndex = !project.scheme ? 0 : !round ? 1 : STAGE_OF_ROUND[round.status];
  if (!project.scheme)
    steps.push(accountant('请填写并保存【立项】资料（方案上限与各层级比例）', 'setup', project.createdAt));
  else if (!round) steps.push(accountant('请在【合伙名单】新建认购轮次并导入合伙名单', 'partners', null));
  else if (round.status === 'DRAFT')
    steps.push(accountant('请完成合伙名单并发送认购通知', 'partners', round.createdAt));
  else if (round.status === 'OPEN') {
    const closedOn = shanghaiDay(round.deadline);
    if (round.deadline.getTime() <= Date.now())
      steps.push(accountant('认购已截止，请在【认购明细 / 测算】测算', 'calc', closedOn));
    else
      steps.push({
        kind: 'STAGE',
        text: `认购中，截止 ${formatDate(round.deadline, '')} 后测算`,
        actor: '合伙人',
        actorRole: 'PARTNER',
        since: round.noticeSentAt ? shanghaiDay(round.noticeSentAt) : null,
        days: round.noticeSentAt ? daysWaiting(shanghaiDay(round.noticeSentAt), today) : null,
        tab: 'calc',
      });
  } else if (round.status === 'CALCULATED')
    steps.push(accountant('测算已完成，请送【方案审核】', 'calc', round.calculatedAt ?? round.updatedAt));
  else if (round.status === 'APPROVED') {
    const type = round.seq === 1 ? 'SCHEME_APPROVAL' : 'SUPPLEMENT_APPROVAL';
    const running = flows.find((f) => f.type === type);
    const label = FLOW_LABEL[type].replace(/\(循环\)$/, '');
    if (running) {
      const since = shanghaiDay(running.startedAt);
      steps.push({
        kind: 'STAGE',
        text: `【${label}】流程审批中（已发起 ${daysWaiting(since, today)} 天）`,
        actor: '钉钉审批人',
        actorRole: 'APPROVER',
        since,
        days: daysWaiting(since, today),
        tab: 'flows',
      });
    } else steps.push(accountant(`审核已通过，请发起【${label}】流程`, 'flows', round.updatedAt));
  }
  // amounts due whose 缴款通知 has not gone out yet (projectNextSteps lists dues once notified)
  const unsent = state!.dues.filter((d) => d.kind !== 'REFUND' && !d.noticeSentOn && !d.partnerMarkedPaidOn);
  if (unsent.length)
    steps.push(accountant(`${unsent.length} 人的缴款通知尚未发送，请在【缴款】发送`, 'payments', null));

  const byKind = new Map<TWorkKind, WorkItem[]>();
  for (const i of items) byKind.set(i.kind, [...(byKind.get(i.kind) ?? []), i]);
  for (const [kind, list] of byKind) steps.push(groupLine(kind, list, today));
  return { projectId, stage: STAGE[stageIndex], steps };
}
