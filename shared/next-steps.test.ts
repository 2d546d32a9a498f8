/** projectNextSteps: each waiting thing of a project becomes one item with who acts, since when and the page. */
import { daysWaiting, projectNextSteps, type ProjectStageState, type ProjectWorkState } from './next-steps';

const empty: ProjectWorkState = {
  projectId: 7,
  projectName: '江阴项目',
  today: '2026-07-10',
  reviews: [],
  dues: [],
  accounts: [],
  leavers: [],
  exits: [],
  batches: [],
};
const due = (over: Partial<ProjectWorkState['dues'][number]>): ProjectWorkState['dues'][number] => ({
  id: 1,
  kind: 'INITIAL',
  name: '史伟',
  amountDue: '100000.00',
  paidAmount: '40000.00',
  dueDate: '2026-07-15',
  noticeSentOn: '2026-07-01',
  partnerMarkedPaidOn: null,
  ...over,
});

describe('projectNextSteps', () => {
  it('has nothing to do for a quiet project', () => {
    expect(projectNextSteps(empty)).toEqual([]);
  });

  it('dues: marked paid → the accountant confirms; past the date → overdue on the partner; else the partner pays', () => {
    const items = projectNextSteps({
      ...empty,
      dues: [
        due({ id: 1, partnerMarkedPaidOn: '2026-07-08' }),
        due({ id: 2, name: '王磊', dueDate: '2026-07-05', kind: 'TOPUP' }),
        due({ id: 3, name: '李娜' }),
        due({ id: 4, name: '赵强', kind: 'REFUND', paidAmount: '0' }),
        due({ id: 5, name: '已缴清', paidAmount: '100000.00' }),
        due({ id: 6, name: '未通知', noticeSentOn: null }),
      ],
    });
    expect(items.map((i) => [i.kind, i.subject, i.actor, i.amount, i.since, i.link])).toEqual([
      ['CONFIRM_PAYMENT', '史伟', '经营会计', '60000.00', '2026-07-08', 'business/payments?projectId=7'],
      ['OVERDUE', '王磊', '王磊', '60000.00', '2026-07-05', 'business/change-dues?projectId=7'],
      ['UNPAID', '李娜', '李娜', '60000.00', '2026-07-01', 'business/payments?projectId=7'],
      ['REFUND_TO_PAY', '赵强', '经营会计', '100000.00', '2026-07-01', 'business/change-dues?projectId=7'],
    ]);
  });

  it('reviews, accounts, leavers, exits and batches, each with the page that does it', () => {
    const items = projectNextSteps({
      ...empty,
      reviews: [{ id: 12, title: '方案审核：江阴项目立项认购', submittedOn: '2026-07-02' }],
      accounts: [
        { userId: 1, name: '史伟', status: 'UNCONFIRMED', since: '2026-07-03' },
        { userId: 2, name: '王磊', status: 'CORRECTION_PENDING', since: '2026-07-04' },
        { userId: 3, name: '李娜', status: null, since: '2026-06-30' },
      ],
      leavers: [{ userId: 4, name: '赵强', leftOn: '2026-07-06' }],
      exits: [
        { id: 1, userId: 5, name: '钱多', status: 'CALCULATED', since: '2026-07-07', total: '105000.00' },
        { id: 2, userId: 6, name: '孙立', status: 'COMPLETED', since: '2026-07-08', total: '98000.00' },
        { id: 3, userId: 7, name: '周全', status: 'PAID', since: '2026-07-08', total: '1.00' },
      ],
      batches: [
        { id: 1, name: '本金分配', status: 'CALCULATED', since: '2026-07-09' },
        { id: 2, name: '第1次利润分配', status: 'APPROVED', since: '2026-07-09' },
      ],
    });
    expect(items.map((i) => [i.kindLabel, i.subject, i.actor, i.link])).toEqual([
      ['待审核', '方案审核：江阴项目立项认购', '业务管理员', 'business/review?reviewId=12'],
      ['待确认分配账户', '史伟', '史伟', 'business/distributions?projectId=7'],
      ['待接受账户更正', '王磊', '经营会计', 'business/distributions?projectId=7'],
      ['待确认分配账户', '李娜', '经营会计', 'business/distributions?projectId=7'],
      [
        '待发起退出',
        '赵强',
        '经营会计',
        'business/exits?projectId=7&userId=4&exitType=RESIGNATION&exitDate=2026-07-06',
      ],
      ['待发起退出流程', '钱多', '经营会计', 'business/exits?projectId=7'],
      ['待登记退出打款', '孙立', '经营会计', 'business/exits?projectId=7'],
      ['分配待送审', '本金分配', '经营会计', 'business/distributions?projectId=7'],
      ['分配待发起流程', '第1次利润分配', '经营会计', 'business/flows?projectId=7'],
    ]);
    expect(items.every((i) => i.projectId === 7 && i.projectName === '江阴项目')).toBe(true);
  });

  it('counts whole days waiting, never negative', () => {
    expect(daysWaiting('2026-07-01', '2026-07-10')).toBe(9);
    expect(daysWaiting('2026-07-11', '2026-07-10')).toBe(0);
  });

  it('agreements: one item for the signatures the partners owe, one for what the accountant must generate', () => {
    const a = (over: Partial<NonNullable<ProjectWorkState['agreements']>[number]>) => ({
      userId: 1,
      name: '史伟',
      state: 'SIGNED' as const,
      outdated: false,
      pending: 0,
      pendingSince: null,
      generateSince: '2026-07-01',
      ...over,
    });
    const items = projectNextSteps({
      ...empty,
      agreements: [
        a({ userId: 1, name: '史伟', state: 'PENDING', pending: 2, pendingSince: '2026-07-05' }),
        a({ userId: 2, name: '王磊', state: 'PENDING', pending: 1, pendingSince: '2026-07-03' }),
        a({ userId: 3, name: '李娜', state: 'NONE', generateSince: '2026-07-02' }),
        a({ userId: 4, name: '赵强', outdated: true, generateSince: '2026-07-08' }),
        a({ userId: 5, name: '已签', state: 'SIGNED' }),
      ],
    });
    expect(items.map((i) => [i.kind, i.subject, i.actor, i.since, i.link, i.detail])).toEqual([
      [
        'AGREEMENT_TO_SIGN',
        '3 份协议',
        '史伟、王磊',
        '2026-07-03',
        'business/partners?projectId=7',
        '2 位合伙人的 3 份协议待签署，可在合伙名单发送签署提醒',
      ],
      [
        'AGREEMENT_TO_GENERATE',
        '李娜、赵强',
        '经营会计',
        '2026-07-02',
        'business/partners?projectId=7',
        '1 位合伙人协议未生成，1 位合伙人协议需重新生成（资金台账已变动）',
      ],
    ]);
  });
});

describe('projectNextSteps: the quick guide step the project waits for', () => {
  const stage = (over: Partial<ProjectStageState>): ProjectWorkState => ({
    ...empty,
    stage: {
      createdOn: '2026-07-01',
      schemeOn: '2026-07-02',
      shareholders: 2,
      peak: { status: 'COMPLETED', since: '2026-07-03' },
      round: null,
      roundFlowSince: null,
      ...over,
    },
  });
  const round = (
    status: NonNullable<ProjectStageState['round']>['status'],
    over: Partial<NonNullable<ProjectStageState['round']>> = {},
  ): NonNullable<ProjectStageState['round']> => ({
    seq: 1,
    status,
    deadline: '2026-07-08 18:00',
    deadlinePassed: false,
    createdOn: '2026-07-04',
    noticeSentOn: '2026-07-05',
    calculatedOn: null,
    updatedOn: '2026-07-09',
    ...over,
  });
  const steps = (s: ProjectWorkState) => projectNextSteps(s).map((i) => [i.kind, i.actor, i.since, i.link]);

  it('立项 first, then 股权合作 and 项目资金峰值 before 事业合伙立项, beside the round', () => {
    expect(steps(stage({ schemeOn: null }))).toEqual([
      ['SETUP', '经营会计', '2026-07-01', 'business/setup?projectId=7&section=scheme'],
    ]);
    expect(steps(stage({ shareholders: 0, peak: { status: 'NONE' } }))).toEqual([
      ['SHAREHOLDERS', '经营会计', '2026-07-02', 'business/setup?projectId=7&section=shareholders'],
      ['ROUND_TO_CREATE', '经营会计', '2026-07-02', 'business/partners?projectId=7'],
    ]);
    expect(steps(stage({ peak: { status: 'NONE' }, round: round('APPROVED') }))).toEqual([
      ['PEAK_FLOW', '经营会计', '2026-07-02', 'business/flows?projectId=7'],
      ['ROUND_FLOW', '经营会计', '2026-07-09', 'business/flows?projectId=7'],
    ]);
    expect(steps(stage({ peak: { status: 'RUNNING', since: '2026-07-06' } }))[0]).toEqual([
      'PEAK_FLOW_RUNNING',
      '钉钉审批人',
      '2026-07-06',
      'business/flows?projectId=7',
    ]);
    // once the round is confirmed the peak is not asked for again (older projects)
    expect(steps(stage({ peak: { status: 'NONE' }, round: round('CONFIRMED') }))).toEqual([]);
  });

  it('the round: 认购通知, 认购中 (the partners), 测算 after the deadline, 送审, the flow, then 缴款通知', () => {
    expect(steps(stage({ round: round('DRAFT') }))[0]![0]).toBe('SUBSCRIPTION_NOTICE');
    expect(steps(stage({ round: round('OPEN') }))).toEqual([
      ['SUBSCRIBING', '合伙人', '2026-07-05', 'business/calc?projectId=7'],
    ]);
    expect(steps(stage({ round: round('OPEN', { deadlinePassed: true }) }))[0]![0]).toBe('CALCULATE');
    expect(steps(stage({ round: round('CALCULATED', { calculatedOn: '2026-07-08' }) }))[0]).toEqual([
      'SUBMIT_REVIEW',
      '经营会计',
      '2026-07-08',
      'business/calc?projectId=7',
    ]);
    expect(steps(stage({ round: round('IN_REVIEW') }))).toEqual([]); // the review is its own item
    expect(steps(stage({ round: round('APPROVED'), roundFlowSince: '2026-07-09' }))[0]![0]).toBe('ROUND_FLOW_RUNNING');
    const confirmed: ProjectWorkState = {
      ...stage({ round: round('CONFIRMED') }),
      dues: [due({ id: 1, noticeSentOn: null, createdOn: '2026-07-10' }), due({ id: 2, noticeSentOn: null })],
    };
    expect(projectNextSteps(confirmed).map((i) => [i.kind, i.detail, i.since])).toEqual([
      ['PAYMENT_NOTICE', '2 人的缴款通知尚未发送，请在【缴款】发送', '2026-07-10'],
    ]);
  });
});
