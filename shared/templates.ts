/**
 * 模板管理: the kinds of text the product sends or prints, and each kind's placeholder catalogue.
 *
 * A template is handlebars text (`{{姓名}}`); only the placeholders listed for its kind may appear, and the only block
 * allowed is `{{#each 项目}}…{{/each}}` over a list placeholder (the merged 披露通知). Values are formatted by the
 * renderer from the placeholder's type, never by the template: money as ¥1,234,567.89 (shared/money.ts), `moneyUpper`
 * as 大写 (壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分, from the money placeholder it names), dates and times in Asia/Shanghai.
 *
 * Text conventions:
 * - work notices and robot messages: the body is the DingTalk markdown (`### 标题`, paragraphs separated by a blank
 *   line); the title is one line (the card's title in the message list). Buttons and links are not templated: they
 *   always open the exact page (shared/deeplinks.ts).
 * - agreements (合伙协议, 补充协议): plain text with simple structure — a line starting with `# ` is a heading, `## ` a
 *   sub-heading, paragraphs are separated by a blank line, a single line break stays a line break. The PDF is drawn
 *   from this text (server/modules/agreements).
 *
 * No handlebars import here: the console imports this module (the catalogue, the labels, the line diff).
 */

export const TEMPLATE_KINDS = [
  'SUBSCRIPTION_NOTICE',
  'PAYMENT_NOTICE',
  'PAYMENT_REMINDER',
  'PAYMENT_FORFEITED',
  'TOPUP_NOTICE',
  'REFUND_NOTICE',
  'DISTRIBUTION_ACCOUNT_CONFIRM',
  'DISTRIBUTION_NOTICE',
  'DISCLOSURE_NOTICE',
  'EXIT_NOTICE',
  'FLOW_RESULT',
  'REVIEW_NOTICE',
  'REVIEW_RESULT',
  'PARTNERSHIP_AGREEMENT',
  'SUPPLEMENTARY_AGREEMENT',
] as const;
export type TTemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Where the text goes: a DingTalk work notice, the project group's robot, or a printed document (PDF). */
export type TTemplateChannel = 'WORK' | 'ROBOT' | 'DOCUMENT';

export type TPlaceholderType = 'text' | 'money' | 'moneyUpper' | 'date' | 'datetime' | 'list';

export interface PlaceholderDef {
  name: string;
  type: TPlaceholderType;
  description: string;
  /** Shown in the preview when no partner is chosen (raw value: money as a decimal string, dates as ISO). */
  sample: string | Record<string, string>[];
  /** moneyUpper: the money placeholder it spells out (the renderer derives it; callers do not pass it). */
  from?: string;
  /** list: the placeholders of each item, usable inside `{{#each name}}…{{/each}}` only. */
  fields?: PlaceholderDef[];
}

export interface TemplateKindDef {
  kind: TTemplateKind;
  label: string;
  channel: TTemplateChannel;
  /** When it is sent or printed, for the console. */
  description: string;
  placeholders: PlaceholderDef[];
}

const p = (name: string, type: TPlaceholderType, description: string, sample: string): PlaceholderDef => ({
  name,
  type,
  description,
  sample,
});
const upper = (name: string, from: string): PlaceholderDef => ({
  name,
  type: 'moneyUpper',
  description: `${from}的中文大写（人民币大写金额）`,
  sample: '',
  from,
});

const 姓名 = p('姓名', 'text', '合伙人姓名', '史伟');
const 项目名称 = p('项目名称', 'text', '项目名称', '江阴项目');
const 收款账户 = p(
  '收款账户',
  'text',
  '项目收款账户（户名 开户行 账号），未设置时为“请联系城市公司经营会计”',
  '江阴置业有限公司 中国银行江阴支行 6217000012345678',
);
const 跟投层级 = p('跟投层级', 'text', '跟投层级', '城市公司');

export const TEMPLATE_CATALOGUE: Record<TTemplateKind, TemplateKindDef> = {
  SUBSCRIPTION_NOTICE: {
    kind: 'SUBSCRIPTION_NOTICE',
    label: '认购通知',
    channel: 'WORK',
    description: '认购轮次开放后发给尚未认购的合伙人（按钮：去认购）',
    placeholders: [
      姓名,
      项目名称,
      p('轮次', 'text', '认购轮次名称', '首次认购'),
      p('认购下限', 'money', '该合伙人本轮认购下限', '50000'),
      upper('认购下限大写', '认购下限'),
      p('认购上限', 'money', '该合伙人本轮认购上限', '300000'),
      upper('认购上限大写', '认购上限'),
      p('认购类别', 'text', '强投 / 自愿', '自愿'),
      跟投层级,
      p('认购截止', 'datetime', '本轮认购截止时间', '2026-12-15T10:00:00+08:00'),
      p(
        '发出时间',
        'datetime',
        '通知发出时间（钉钉同日同内容会丢弃，保留它可让重发的通知不同）',
        '2026-12-01T09:30:00+08:00',
      ),
    ],
  },
  PAYMENT_NOTICE: {
    kind: 'PAYMENT_NOTICE',
    label: '缴款通知',
    channel: 'WORK',
    description: '立项流程完成后发给每位应缴的合伙人（按钮：查看缴款）',
    placeholders: [
      姓名,
      项目名称,
      跟投层级,
      p('应缴金额', 'money', '本次应缴金额（认购金额）', '300000'),
      upper('应缴金额大写', '应缴金额'),
      p('缴款截止', 'date', '缴款截止日', '2026-12-20'),
      收款账户,
    ],
  },
  PAYMENT_REMINDER: {
    kind: 'PAYMENT_REMINDER',
    label: '催缴通知',
    channel: 'WORK',
    description: '按方案设置的提醒日自动发给未缴清的合伙人（按钮：查看缴款）',
    placeholders: [
      姓名,
      项目名称,
      跟投层级,
      p('应缴金额', 'money', '应缴金额', '300000'),
      upper('应缴金额大写', '应缴金额'),
      p('尚欠金额', 'money', '应缴减已缴', '100000'),
      upper('尚欠金额大写', '尚欠金额'),
      p('缴款截止', 'date', '缴款截止日', '2026-12-20'),
      收款账户,
      p('剩余天数说明', 'text', '距缴款截止还有 N 天 / 今天是缴款截止日 / 已逾期 N 天', '距缴款截止还有 3 天'),
      p('提醒日期', 'date', '发出提醒的日期（使每天的提醒内容不同）', '2026-12-17'),
    ],
  },
  PAYMENT_FORFEITED: {
    kind: 'PAYMENT_FORFEITED',
    label: '放弃认购通知',
    channel: 'WORK',
    description: '自愿认购逾期未缴、按方案视为放弃时发给合伙人（文本消息）',
    placeholders: [
      姓名,
      项目名称,
      p('应缴金额', 'money', '视为放弃的认购金额', '300000'),
      upper('应缴金额大写', '应缴金额'),
      p('缴款截止', 'date', '缴款截止日', '2026-12-20'),
    ],
  },
  TOPUP_NOTICE: {
    kind: 'TOPUP_NOTICE',
    label: '补缴通知',
    channel: 'WORK',
    description: '立项信息变更生效后，认缴增加的合伙人（补缴/退款通知之补缴；按钮：查看补缴）',
    placeholders: [
      姓名,
      项目名称,
      跟投层级,
      p('补缴金额', 'money', '需补缴的金额', '60000'),
      upper('补缴金额大写', '补缴金额'),
      p('缴款截止', 'date', '补缴截止日', '2026-12-25'),
      收款账户,
    ],
  },
  REFUND_NOTICE: {
    kind: 'REFUND_NOTICE',
    label: '退款通知',
    channel: 'WORK',
    description: '立项信息变更生效后，认缴低于已缴的合伙人（补缴/退款通知之退款；按钮：查看退款）',
    placeholders: [
      姓名,
      项目名称,
      跟投层级,
      p('退款金额', 'money', '公司将退还的金额', '40000'),
      upper('退款金额大写', '退款金额'),
    ],
  },
  DISTRIBUTION_ACCOUNT_CONFIRM: {
    kind: 'DISTRIBUTION_ACCOUNT_CONFIRM',
    label: '分配账户确认',
    channel: 'WORK',
    description: '经营会计发送，请合伙人核对分配账户（按钮：核对并确认）',
    placeholders: [
      姓名,
      项目名称,
      p('户名', 'text', '账户户名', '史伟'),
      p('开户行', 'text', '开户行（含支行）', '招商银行 江阴支行'),
      p('账号', 'text', '账号（仅显示后四位）', '**** **** **** 1234'),
      p('发送日期', 'date', '发送日期（使另一天的提醒内容不同）', '2026-12-01'),
    ],
  },
  DISTRIBUTION_NOTICE: {
    kind: 'DISTRIBUTION_NOTICE',
    label: '分配通知',
    channel: 'WORK',
    description: '分配流程完成且到分配日期时，发给有实发金额的合伙人（按钮：查看分配）',
    placeholders: [
      姓名,
      项目名称,
      p('分配批次', 'text', '本金分配 / 第N次利润分配 / 清算分配', '第1次利润分配'),
      p('分配日期', 'date', '分配日期', '2026-12-31'),
      p('本金', 'money', '本金', '0'),
      p('资金利息', 'money', '资金利息', '12000'),
      p('其它', 'money', '其它', '0'),
      p('利润', 'money', '利润（税前）', '80000'),
      p('代扣税', 'money', '代扣税', '16000'),
      p('实发合计', 'money', '实发合计', '76000'),
      upper('实发合计大写', '实发合计'),
      p(
        '分配明细',
        'text',
        '非零的各项，每项一段（如“资金利息：¥12,000.00”，代扣税为负数）',
        '资金利息：¥12,000.00\n\n利润（税前）：¥80,000.00\n\n代扣税：-¥16,000.00',
      ),
      p('收款账户', 'text', '分配账户（户名 开户行 掩码账号；未确认时注明）', '史伟 招商银行 江阴支行 **** 1234'),
    ],
  },
  DISCLOSURE_NOTICE: {
    kind: 'DISCLOSURE_NOTICE',
    label: '披露通知',
    channel: 'WORK',
    description: '每位合伙人每天一条合并通知，列出当天披露的各个项目（按钮：查看披露）',
    placeholders: [
      姓名,
      p('披露日期', 'date', '披露日期', '2026-12-01'),
      p('项目数', 'text', '本通知列出的项目个数', '2'),
      {
        name: '项目',
        type: 'list',
        description: '当天披露的项目，用 {{#each 项目}}…{{/each}} 逐个列出',
        sample: [
          { 项目名称: '江阴项目', 披露期间: '2026年第三季度', 摘要: '累计销售 12.3 亿元，回款率 92%' },
          { 项目名称: '常州项目', 披露期间: '2026年第三季度', 摘要: '主体结构封顶' },
        ],
        fields: [
          p('项目名称', 'text', '项目名称', '江阴项目'),
          p('披露期间', 'text', '披露所属期间', '2026年第三季度'),
          p('摘要', 'text', '披露摘要', '累计销售 12.3 亿元，回款率 92%'),
        ],
      },
    ],
  },
  EXIT_NOTICE: {
    kind: 'EXIT_NOTICE',
    label: '退出通知',
    channel: 'WORK',
    description: '登记退出打款后发给退出的合伙人（按钮：查看退出结算单）',
    placeholders: [
      姓名,
      项目名称,
      p('退出日期', 'date', '平台公司承接的日期', '2026-11-30'),
      p('退出类型', 'text', '离职 / 退休 / 辞退 / 调动 / 身故 …', '离职'),
      p('持有明细', 'text', '各层级的实缴与退出价款，以“；”分隔', '城市公司：实缴 ¥300,000.00，退出价款 ¥312,000.00'),
      p('退出价款合计', 'money', '退出价款合计', '312000'),
      upper('退出价款合计大写', '退出价款合计'),
      p('打款日期', 'date', '打款日期', '2026-12-05'),
      p('打款金额', 'money', '实际打款金额', '312000'),
      upper('打款金额大写', '打款金额'),
      p('打款账户', 'text', '收款账户（掩码）', '招商银行 **** 1234'),
      p('打款说明', 'text', '金额不一致时的说明，没有时为空', ''),
    ],
  },
  FLOW_RESULT: {
    kind: 'FLOW_RESULT',
    label: '审批结果（群机器人）',
    channel: 'ROBOT',
    description: '钉钉审批流程结束时发到项目群（Markdown）',
    placeholders: [
      项目名称,
      p('流程名称', 'text', '流程名称', '立项流程'),
      p('发起次数', 'text', '该流程第几次发起', '1'),
      p('审批结果', 'text', '审批通过 / 审批驳回 / 已撤销', '审批通过'),
      p('发起时间', 'datetime', '流程发起时间', '2026-11-28T09:00:00+08:00'),
      p('完成时间', 'datetime', '流程完成时间', '2026-11-30T16:20:00+08:00'),
    ],
  },
  REVIEW_NOTICE: {
    kind: 'REVIEW_NOTICE',
    label: '待审核通知',
    channel: 'WORK',
    description: '经营会计送审后发给业务管理员（按钮：去审核；另建钉钉待办）',
    placeholders: [
      p('审核事项', 'text', '送审的事项', '江阴项目 首次认购 测算'),
      p('送审人', 'text', '送审人姓名', '环沪会计'),
      p('送审时间', 'datetime', '送审时间', '2026-12-01T10:00:00+08:00'),
      p('审核单号', 'text', '审核单编号', '12'),
    ],
  },
  REVIEW_RESULT: {
    kind: 'REVIEW_RESULT',
    label: '审核结果通知',
    channel: 'WORK',
    description: '审核通过或驳回后发给送审人（文本消息）',
    placeholders: [
      p('审核结果', 'text', '审核通过 / 已驳回：原因', '审核通过'),
      p('审核事项', 'text', '送审的事项', '江阴项目 首次认购 测算'),
      p('审核单号', 'text', '审核单编号', '12'),
      p('审核时间', 'datetime', '审核时间', '2026-12-01T15:30:00+08:00'),
    ],
  },
  PARTNERSHIP_AGREEMENT: {
    kind: 'PARTNERSHIP_AGREEMENT',
    label: '合伙协议',
    channel: 'DOCUMENT',
    description: '每位合伙人每个项目一份（PDF，标题行以“# ”开头，段落之间空一行）',
    placeholders: [
      p('协议编号', 'text', '协议编号', 'HHXY-JY-2026-0001'),
      姓名,
      p('工号', 'text', '工号', 'E1001'),
      p('手机号', 'text', '手机号', '13800001001'),
      项目名称,
      p('城市公司', 'text', '项目所属城市公司 / 直属项目公司', '环沪城市公司'),
      p('平台公司', 'text', '跟投平台公司（承接未认购份额的一方）', '江阴跟投平台有限公司'),
      p('认购金额', 'money', '认缴合计（资金台账）', '300000'),
      upper('认购金额大写', '认购金额'),
      p('实缴金额', 'money', '已实缴合计（资金台账）', '300000'),
      upper('实缴金额大写', '实缴金额'),
      p('持有明细', 'text', '各层级认缴额，每层一行', '城市公司：¥300,000.00'),
      p('生成日期', 'date', '协议生成日期', '2026-12-01'),
    ],
  },
  SUPPLEMENTARY_AGREEMENT: {
    kind: 'SUPPLEMENTARY_AGREEMENT',
    label: '补充协议',
    channel: 'DOCUMENT',
    description: '峰值变更或份额转让后，对合伙协议的补充（PDF，同上约定）',
    placeholders: [
      p('协议编号', 'text', '补充协议编号', 'HHBC-JY-2026-0001'),
      p('原协议编号', 'text', '所补充的合伙协议编号', 'HHXY-JY-2026-0001'),
      姓名,
      p('工号', 'text', '工号', 'E1001'),
      项目名称,
      p('平台公司', 'text', '跟投平台公司', '江阴跟投平台有限公司'),
      p('变更事项', 'text', '变更原因（峰值变更 / 份额转让 …）', '项目资金峰值调整'),
      p('变更日期', 'date', '变更生效日期', '2026-12-01'),
      p('原认购金额', 'money', '变更前认缴合计', '300000'),
      upper('原认购金额大写', '原认购金额'),
      p('新认购金额', 'money', '变更后认缴合计（资金台账）', '360000'),
      upper('新认购金额大写', '新认购金额'),
      p('持有明细', 'text', '变更后各层级认缴额，每层一行', '城市公司：¥360,000.00'),
      p('生成日期', 'date', '协议生成日期', '2026-12-01'),
    ],
  },
};

export const TEMPLATE_LABEL: Record<TTemplateKind, string> = Object.fromEntries(
  TEMPLATE_KINDS.map((k) => [k, TEMPLATE_CATALOGUE[k].label]),
) as Record<TTemplateKind, string>;

export const isTemplateKind = (v: string): v is TTemplateKind => (TEMPLATE_KINDS as readonly string[]).includes(v);

/** The placeholders callers pass for a kind (everything but the derived 大写). */
export const inputPlaceholders = (kind: TTemplateKind): PlaceholderDef[] =>
  TEMPLATE_CATALOGUE[kind].placeholders.filter((d) => d.type !== 'moneyUpper');

/** The catalogue's samples as a render context (what the preview uses without a partner). */
export function sampleContext(kind: TTemplateKind): Record<string, unknown> {
  return Object.fromEntries(inputPlaceholders(kind).map((d) => [d.name, d.sample]));
}

export type TDiffLine = { op: 'same' | 'add' | 'del'; text: string };

/**
 * A line diff (longest common subsequence) of two texts, for a version against the one before it. Templates are
 * short (tens of lines), so the quadratic table is fine.
 */
export function diffLines(before: string, after: string): TDiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: TDiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ op: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ op: 'del', text: a[i++]! });
    else out.push({ op: 'add', text: b[j++]! });
  }
  while (i < n) out.push({ op: 'del', text: a[i++]! });
  while (j < m) out.push({ op: 'add', text: b[j++]! });
  return out;
}
