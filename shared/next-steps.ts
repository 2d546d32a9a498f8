/**
 * What waits on someone in one project (工作跟踪表, and the next-step banner of a project): a pure function of the
 * project's state — reviews waiting, payments partners marked as paid, dues unpaid or overdue, refunds to pay,
 * distribution accounts unconfirmed or corrected, partners who left with no exit started, exits to take on,
 * distribution batches to move on, agreements waiting for the partners' signatures or for the accountant to generate
 * them. Each item says who must act, since when, and the console page that does it
 * (`/console/business/<tab>?projectId=…`, the address the console's project landing understands).
 */
import { dec, moneyString } from './money';

export const WORK_KINDS = [
  'REVIEW',
  'CONFIRM_PAYMENT',
  'OVERDUE',
  'UNPAID',
  'REFUND_TO_PAY',
  'ACCOUNT_UNCONFIRMED',
  'ACCOUNT_CORRECTION',
  'EXIT_TO_START',
  'EXIT_FLOW',
  'EXIT_PAYOUT',
  'BATCH_TO_SUBMIT',
  'BATCH_TO_FLOW',
  'AGREEMENT_TO_SIGN',
  'AGREEMENT_TO_GENERATE',
  // the quick guide's own steps (立项 → 缴款通知), from the project's stage
  'SETUP',
  'SHAREHOLDERS',
  'PEAK_FLOW',
  'PEAK_FLOW_RUNNING',
  'ROUND_TO_CREATE',
  'SUBSCRIPTION_NOTICE',
  'SUBSCRIBING',
  'CALCULATE',
  'SUBMIT_REVIEW',
  'ROUND_FLOW',
  'ROUND_FLOW_RUNNING',
  'PAYMENT_NOTICE',
  'CHANGE_NOTICE',
] as const;
export type TWorkKind = (typeof WORK_KINDS)[number];

export const WORK_KIND_LABEL: Record<TWorkKind, string> = {
  REVIEW: '待审核',
  CONFIRM_PAYMENT: '待确认缴款',
  OVERDUE: '逾期未缴',
  UNPAID: '待缴款',
  REFUND_TO_PAY: '待退款',
  ACCOUNT_UNCONFIRMED: '待确认分配账户',
  ACCOUNT_CORRECTION: '待接受账户更正',
  EXIT_TO_START: '待发起退出',
  EXIT_FLOW: '待发起退出流程',
  EXIT_PAYOUT: '待登记退出打款',
  BATCH_TO_SUBMIT: '分配待送审',
  BATCH_TO_FLOW: '分配待发起流程',
  AGREEMENT_TO_SIGN: '协议待签署',
  AGREEMENT_TO_GENERATE: '协议待生成',
  SETUP: '待填写立项',
  SHAREHOLDERS: '待填写股东信息',
  PEAK_FLOW: '待发起资金峰值流程',
  PEAK_FLOW_RUNNING: '资金峰值审批中',
  ROUND_TO_CREATE: '待新建认购',
  SUBSCRIPTION_NOTICE: '待发送认购通知',
  SUBSCRIBING: '认购中',
  CALCULATE: '待测算',
  SUBMIT_REVIEW: '待送审',
  ROUND_FLOW: '待发起立项流程',
  ROUND_FLOW_RUNNING: '立项流程审批中',
  PAYMENT_NOTICE: '待发送缴款通知',
  CHANGE_NOTICE: '待发送补缴通知',
};

/** The kinds that are the project's stage (one step of the quick guide), not a list of things. */
export const STAGE_KINDS: readonly TWorkKind[] = [
  'SETUP',
  'SHAREHOLDERS',
  'PEAK_FLOW',
  'PEAK_FLOW_RUNNING',
  'ROUND_TO_CREATE',
  'SUBSCRIPTION_NOTICE',
  'SUBSCRIBING',
  'CALCULATE',
  'SUBMIT_REVIEW',
  'ROUND_FLOW',
  'ROUND_FLOW_RUNNING',
  'PAYMENT_NOTICE',
  'CHANGE_NOTICE',
];

/** Who acts, as the reports show it. */
export const ACTOR_ACCOUNTANT = '经营会计';
export const ACTOR_BUSINESS_ADMIN = '业务管理员';
export const ACTOR_PARTNERS = '合伙人';
export const ACTOR_APPROVERS = '钉钉审批人';

/** Names as one cell: the first few, then 等 N 人. */
const namesOf = (names: string[], shown = 3) =>
  names.length > shown ? `${names.slice(0, shown).join('、')} 等 ${names.length} 人` : names.join('、');

export interface ProjectWorkState {
  projectId: number;
  projectName: string;
  /** today in Shanghai (YYYY-MM-DD) */
  today: string;
  /** reviews PENDING (方案审核, 分配审核 …) */
  reviews: Array<{ id: number; title: string; submittedOn: string }>;
  /** dues not settled (UNPAID / PARTIAL) */
  dues: Array<{
    id: number;
    kind: 'INITIAL' | 'TOPUP' | 'REFUND';
    name: string;
    amountDue: string;
    paidAmount: string;
    dueDate: string;
    noticeSentOn: string | null;
    partnerMarkedPaidOn: string | null;
    /** the day the due was created (the flow's completion) */
    createdOn?: string;
  }>;
  /** partners holding in the project whose 分配账户 is not confirmed (none entered: status null) */
  accounts: Array<{ userId: number; name: string; status: 'UNCONFIRMED' | 'CORRECTION_PENDING' | null; since: string }>;
  /** partners marked 离 who still hold in the project and have no exit */
  leavers: Array<{ userId: number; name: string; leftOn: string }>;
  /** exits not finished */
  exits: Array<{ id: number; userId: number; name: string; status: string; since: string; total: string }>;
  /** distribution batches waiting on the accountant (已测算 → 送审, 审核通过 → 发起流程) */
  batches: Array<{ id: number; name: string; status: 'CALCULATED' | 'APPROVED'; since: string }>;
  /** partners' agreements after 立项: current versions waiting for the signature (pending > 0), none generated yet
   * (state NONE) or 需重新生成 (outdated) */
  agreements?: Array<{
    userId: number;
    name: string;
    state: 'NONE' | 'PENDING' | 'SIGNED';
    outdated: boolean;
    pending: number;
    /** the oldest version waiting was generated on */
    pendingSince: string | null;
    /** 未生成: the 立项 (first commitment); 需重新生成: the ledger change */
    generateSince: string;
  }>;
  /** where the project stands (the banner and 工作跟踪表 list the quick guide's step that waits) */
  stage?: ProjectStageState;
}

/**
 * Where the project stands in the quick guide (立项资料 → 股权合作 → 项目资金峰值 → 认购 → 测算 → 送审 → 事业合伙立项 →
 * 缴款通知): given, the items list the step that waits, as the banner and 工作跟踪表 show it.
 */
export interface ProjectStageState {
  /** the project's creation day (项目开通) */
  createdOn: string;
  /** 立项信息 saved on (null: not yet) */
  schemeOn: string | null;
  shareholders: number;
  /** the 项目资金峰值 flow: completed (and the peak confirmed), running since, or none */
  peak: { status: 'NONE' } | { status: 'RUNNING'; since: string } | { status: 'COMPLETED'; since: string };
  /** the latest subscription round */
  round: {
    seq: number;
    status: 'DRAFT' | 'OPEN' | 'CALCULATED' | 'IN_REVIEW' | 'APPROVED' | 'CONFIRMED' | 'CLOSED';
    /** the deadline as shown (YYYY-MM-DD HH:mm, Shanghai) and whether it has passed */
    deadline: string;
    deadlinePassed: boolean;
    createdOn: string;
    noticeSentOn: string | null;
    calculatedOn: string | null;
    updatedOn: string;
  } | null;
  /** the round's flow (事业合伙立项 / 事业合伙补充立项) running since */
  roundFlowSince: string | null;
}

export interface WorkItem {
  kind: TWorkKind;
  kindLabel: string;
  projectId: number;
  projectName: string;
  /** the person or object it is about */
  subject: string;
  detail: string;
  /** the money at stake, when there is one */
  amount: string | null;
  /** who must act: a role (经营会计 / 业务管理员) or the partner's name */
  actor: string;
  /** since when it waits (YYYY-MM-DD) */
  since: string;
  /** the console page that does it (below /console/) */
  link: string;
}

const DAY_MS = 24 * 3600 * 1000;
/** Whole days from `since` to `today` (both YYYY-MM-DD), never negative. */
export const daysWaiting = (since: string, today: string): number =>
  Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / DAY_MS));

export function projectNextSteps(s: ProjectWorkState): WorkItem[] {
  const tab = (t: string, extra = '') => `business/${t}?projectId=${s.projectId}${extra}`;
  const item = (i: Omit<WorkItem, 'kindLabel' | 'projectId' | 'projectName'>): WorkItem => ({
    ...i,
    kindLabel: WORK_KIND_LABEL[i.kind],
    projectId: s.projectId,
    projectName: s.projectName,
  });
  const out: WorkItem[] = s.stage ? stageItems(s, s.stage, tab, item) : [];
  for (const r of s.reviews)
    out.push(
      item({
        kind: 'REVIEW',
        subject: r.title,
        detail: '已送审，等待审核通过或驳回',
        amount: null,
        actor: ACTOR_BUSINESS_ADMIN,
        since: r.submittedOn,
        link: `business/review?reviewId=${r.id}`,
      }),
    );
  for (const d of s.dues) {
    const outstanding = dec(d.amountDue).minus(dec(d.paidAmount));
    if (outstanding.lte(0)) continue;
    const amount = moneyString(outstanding);
    const page = d.kind === 'INITIAL' ? 'payments' : 'change-dues';
    if (d.kind === 'REFUND') {
      out.push(
        item({
          kind: 'REFUND_TO_PAY',
          subject: d.name,
          detail: '退款待打款并登记',
          amount,
          actor: ACTOR_ACCOUNTANT,
          since: d.noticeSentOn ?? d.dueDate,
          link: tab(page),
        }),
      );
    } else if (d.partnerMarkedPaidOn) {
      out.push(
        item({
          kind: 'CONFIRM_PAYMENT',
          subject: d.name,
          detail: '合伙人已标记打款，待核对到账后确认',
          amount,
          actor: ACTOR_ACCOUNTANT,
          since: d.partnerMarkedPaidOn,
          link: tab(page),
        }),
      );
    } else if (d.dueDate < s.today) {
      out.push(
        item({
          kind: 'OVERDUE',
          subject: d.name,
          detail: `缴款截止 ${d.dueDate} 已过，尚未缴清`,
          amount,
          actor: d.name,
          since: d.dueDate,
          link: tab(page),
        }),
      );
    } else if (d.noticeSentOn) {
      out.push(
        item({
          kind: 'UNPAID',
          subject: d.name,
          detail: `缴款截止 ${d.dueDate}`,
          amount,
          actor: d.name,
          since: d.noticeSentOn,
          link: tab(page),
        }),
      );
    }
  }
  for (const a of s.accounts)
    out.push(
      a.status === 'CORRECTION_PENDING'
        ? item({
            kind: 'ACCOUNT_CORRECTION',
            subject: a.name,
            detail: '合伙人更正了分配账户，待接受更正',
            amount: null,
            actor: ACTOR_ACCOUNTANT,
            since: a.since,
            link: tab('distributions'),
          })
        : item({
            kind: 'ACCOUNT_UNCONFIRMED',
            subject: a.name,
            detail: a.status === null ? '尚未登记分配账户' : '分配账户待合伙人确认',
            amount: null,
            actor: a.status === null ? ACTOR_ACCOUNTANT : a.name,
            since: a.since,
            link: tab('distributions'),
          }),
    );
  for (const l of s.leavers)
    out.push(
      item({
        kind: 'EXIT_TO_START',
        subject: l.name,
        detail: `${l.leftOn} 离职，尚未进行退投测算`,
        amount: null,
        actor: ACTOR_ACCOUNTANT,
        since: l.leftOn,
        link: tab('exits', `&userId=${l.userId}&exitType=RESIGNATION&exitDate=${l.leftOn}`),
      }),
    );
  for (const e of s.exits) {
    if (e.status === 'CALCULATED' || e.status === 'REJECTED')
      out.push(
        item({
          kind: 'EXIT_FLOW',
          subject: e.name,
          detail: e.status === 'REJECTED' ? '离职退休流程被驳回，待重新测算并发起' : '已测算，待发起离职退休流程',
          amount: e.total,
          actor: ACTOR_ACCOUNTANT,
          since: e.since,
          link: tab('exits'),
        }),
      );
    else if (e.status === 'COMPLETED')
      out.push(
        item({
          kind: 'EXIT_PAYOUT',
          subject: e.name,
          detail: '退出流程已完成，待打款并登记',
          amount: e.total,
          actor: ACTOR_ACCOUNTANT,
          since: e.since,
          link: tab('exits'),
        }),
      );
  }
  for (const b of s.batches)
    out.push(
      item({
        kind: b.status === 'CALCULATED' ? 'BATCH_TO_SUBMIT' : 'BATCH_TO_FLOW',
        subject: b.name,
        detail: b.status === 'CALCULATED' ? '已测算，待送审' : '审核通过，待在项目流程发起分配流程',
        amount: null,
        actor: ACTOR_ACCOUNTANT,
        since: b.since,
        link: tab(b.status === 'CALCULATED' ? 'distributions' : 'flows'),
      }),
    );
  const agreements = s.agreements ?? [];
  const toSign = agreements.filter((a) => a.pending > 0);
  if (toSign.length) {
    const documents = toSign.reduce((n, a) => n + a.pending, 0);
    out.push(
      item({
        kind: 'AGREEMENT_TO_SIGN',
        subject: `${documents} 份协议`,
        detail: `${toSign.length} 位合伙人的 ${documents} 份协议待签署，可在合伙名单发送签署提醒`,
        amount: null,
        actor: namesOf(toSign.map((a) => a.name)),
        since: toSign.map((a) => a.pendingSince ?? s.today).sort()[0]!,
        link: tab('partners'),
      }),
    );
  }
  const toGenerate = agreements.filter((a) => a.state === 'NONE' || a.outdated);
  if (toGenerate.length) {
    const none = toGenerate.filter((a) => a.state === 'NONE');
    const outdated = toGenerate.filter((a) => a.state !== 'NONE');
    out.push(
      item({
        kind: 'AGREEMENT_TO_GENERATE',
        subject: namesOf(toGenerate.map((a) => a.name)),
        detail: [
          none.length ? `${none.length} 位合伙人协议未生成` : '',
          outdated.length ? `${outdated.length} 位合伙人协议需重新生成（资金台账已变动）` : '',
        ]
          .filter(Boolean)
          .join('，'),
        amount: null,
        actor: ACTOR_ACCOUNTANT,
        since: toGenerate.map((a) => a.generateSince).sort()[0]!,
        link: tab('partners'),
      }),
    );
  }
  return out;
}

type ItemOf = (i: Omit<WorkItem, 'kindLabel' | 'projectId' | 'projectName'>) => WorkItem;

/**
 * The quick guide's step the project waits for, as one item (its `detail` is the banner's line): 立项资料, 股权合作,
 * the 项目资金峰值 flow, the round (新建 → 认购通知 → 认购 → 测算 → 送审; 方案审核 is a review item), the 立项 flow,
 * then the 缴款通知 / 补缴通知 not sent yet.
 */
function stageItems(
  s: ProjectWorkState,
  st: ProjectStageState,
  tab: (t: string, extra?: string) => string,
  item: ItemOf,
): WorkItem[] {
  const out: WorkItem[] = [];
  const step = (kind: TWorkKind, detail: string, since: string, link: string, actor = ACTOR_ACCOUNTANT) =>
    out.push(item({ kind, subject: s.projectName, detail, amount: null, actor, since, link }));
  if (st.schemeOn === null) {
    step('SETUP', '请填写并保存【立项】资料（方案上限与各层级比例）', st.createdOn, tab('setup', '&section=scheme'));
    return out;
  }
  const round = st.round;
  // 事业合伙立项 needs the confirmed peak: asked for until the first round's flow has run
  const beforeRoundFlow = !round || (round.seq === 1 && round.status !== 'CONFIRMED' && round.status !== 'CLOSED');
  if (beforeRoundFlow && st.peak.status !== 'COMPLETED') {
    if (!st.shareholders)
      step(
        'SHAREHOLDERS',
        '请在【立项 · 股权合作】填写股东信息（确认资金峰值的前提）',
        st.schemeOn,
        tab('setup', '&section=shareholders'),
      );
    else if (st.peak.status === 'NONE')
      step('PEAK_FLOW', '请在【项目流程】发起【项目资金峰值】流程（确认资金峰值）', st.schemeOn, tab('flows'));
    else
      step(
        'PEAK_FLOW_RUNNING',
        `【项目资金峰值】流程审批中（已发起 ${daysWaiting(st.peak.since, s.today)} 天）`,
        st.peak.since,
        tab('flows'),
        ACTOR_APPROVERS,
      );
  }
  if (!round) step('ROUND_TO_CREATE', '请在【合伙名单】新建认购轮次并导入合伙名单', st.schemeOn, tab('partners'));
  else if (round.status === 'DRAFT')
    step('SUBSCRIPTION_NOTICE', '请完成合伙名单并发送认购通知', round.createdOn, tab('partners'));
  else if (round.status === 'OPEN') {
    if (round.deadlinePassed)
      step('CALCULATE', '认购已截止，请在【认购明细 / 测算】测算', round.deadline.slice(0, 10), tab('calc'));
    else
      step(
        'SUBSCRIBING',
        `认购中，截止 ${round.deadline} 后测算`,
        round.noticeSentOn ?? round.createdOn,
        tab('calc'),
        ACTOR_PARTNERS,
      );
  } else if (round.status === 'CALCULATED')
    step('SUBMIT_REVIEW', '测算已完成，请送【方案审核】', round.calculatedOn ?? round.updatedOn, tab('calc'));
  else if (round.status === 'APPROVED') {
    const label = round.seq === 1 ? '事业合伙立项' : '事业合伙补充立项';
    if (st.roundFlowSince)
      step(
        'ROUND_FLOW_RUNNING',
        `【${label}】流程审批中（已发起 ${daysWaiting(st.roundFlowSince, s.today)} 天）`,
        st.roundFlowSince,
        tab('flows'),
        ACTOR_APPROVERS,
      );
    else step('ROUND_FLOW', `审核已通过，请发起【${label}】流程`, round.updatedOn, tab('flows'));
  }
  // amounts due whose notice has not gone out yet (the other items list dues once notified)
  const unsent = (kind: 'INITIAL' | 'TOPUP') =>
    s.dues.filter((d) => d.kind === kind && !d.noticeSentOn && !d.partnerMarkedPaidOn);
  const initial = unsent('INITIAL');
  if (initial.length)
    step(
      'PAYMENT_NOTICE',
      `${initial.length} 人的缴款通知尚未发送，请在【缴款】发送`,
      initial.map((d) => d.createdOn ?? s.today).sort()[0]!,
      tab('payments'),
    );
  const topUps = unsent('TOPUP');
  if (topUps.length)
    step(
      'CHANGE_NOTICE',
      `${topUps.length} 人的补缴通知尚未发送，请在【变更缴款确认】发送`,
      topUps.map((d) => d.createdOn ?? s.today).sort()[0]!,
      tab('change-dues'),
    );
  return out;
}
