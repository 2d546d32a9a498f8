/**
 * The agreement's text (pure): the built-in default wording (used until 模板管理 has a version of the kind), the
 * values that fill it, and the rendered text's layout convention — a line starting with "# " is a heading, blank
 * lines separate paragraphs. The PDF prints exactly these blocks, so the text extracted from the PDF is the filled
 * template (tests compare them).
 */
import Handlebars from 'handlebars';
import { formatDate } from '../../../../shared/datetime';
import { formatMoney, type MoneyInput } from '../../../../shared/money';
import { LEVELS, type Level } from '../../../../shared/scheme-math';
import { LEVEL_LABEL } from '../../../../shared/api/scheme';
import { amountInWords } from './amount-words';

export const AGREEMENT_TEMPLATE_KIND = {
  PARTNERSHIP: 'PARTNERSHIP_AGREEMENT',
  SUPPLEMENTARY: 'SUPPLEMENTARY_AGREEMENT',
} as const;

export const DEFAULT_AGREEMENT_TEXT: Record<'PARTNERSHIP' | 'SUPPLEMENTARY', string> = {
  PARTNERSHIP: `# 事业合伙（项目跟投）协议

协议编号：{{协议编号}}

甲方（合伙人）：{{姓名}}

乙方（平台公司）：{{项目名称}}项目跟投平台公司

鉴于乙方为{{城市公司}}{{项目名称}}项目（项目编码 {{项目编码}}）设立事业合伙跟投方案，甲方自愿参与跟投，双方经协商一致，订立本协议。

# 第一条 认缴出资

甲方认缴出资额为{{认购金额大写}}（{{认购金额}}），按层级为：{{认购明细}}。该金额以本协议生成之日资金台账记载的甲方认缴额为准。

# 第二条 缴款

甲方应按缴款通知载明的金额和期限，将出资款支付至乙方指定账户。逾期未缴的，按跟投方案的约定处理。

# 第三条 收益分配与退出

项目的本金分配、利润分配以及甲方离职、退休等情形下的退出，均按跟投方案及公司相关制度执行。

# 第四条 其他

本协议经甲方在钉钉中确认签署后生效。本协议未尽事宜，由双方另行签订补充协议。

生成日期：{{生成日期}}`,
  SUPPLEMENTARY: `# 事业合伙（项目跟投）补充协议

协议编号：{{协议编号}}

甲方（合伙人）：{{姓名}}

乙方（平台公司）：{{项目名称}}项目跟投平台公司

因{{变更事由}}，甲方在{{城市公司}}{{项目名称}}项目（项目编码 {{项目编码}}）的认缴出资发生变更，双方订立本补充协议。

# 第一条 认缴出资变更

变更前甲方认缴出资额为{{原认购金额大写}}（{{原认购金额}}）。

变更后甲方认缴出资额为{{认购金额大写}}（{{认购金额}}），{{变更方向}}{{变更金额大写}}（{{变更金额}}）。

以上金额以本补充协议生成之日资金台账记载的数额为准。

# 第二条 补缴与退款

认缴出资增加的，甲方按补缴通知缴款；减少的，乙方按退款通知退还。

# 第三条 其他

本补充协议经甲方在钉钉中确认签署后生效，与原协议具有同等效力；本补充协议未约定的，以原协议为准。

生成日期：{{生成日期}}`,
};

/** The placeholders the agreement texts may use (模板管理 validates a template against its kind's list). */
export const AGREEMENT_PLACEHOLDERS = {
  PARTNERSHIP: [
    '协议编号',
    '姓名',
    '项目名称',
    '项目编码',
    '城市公司',
    '认购金额',
    '认购金额大写',
    '认购明细',
    '生成日期',
  ],
  SUPPLEMENTARY: [
    '协议编号',
    '姓名',
    '项目名称',
    '项目编码',
    '城市公司',
    '变更事由',
    '原认购金额',
    '原认购金额大写',
    '认购金额',
    '认购金额大写',
    '变更方向',
    '变更金额',
    '变更金额大写',
    '生成日期',
  ],
} as const;

export interface AgreementFacts {
  number: string;
  partnerName: string;
  projectName: string;
  projectCode: string | null;
  companyName: string;
  amount: MoneyInput;
  generatedAt: Date;
  /** PARTNERSHIP: the commitment per level */
  byLevel?: Partial<Record<Level, MoneyInput>>;
  /** SUPPLEMENTARY */
  previousAmount?: MoneyInput;
  delta?: MoneyInput;
  cause?: string;
}

/** The values of the placeholders, amounts as ¥1,234,567.89 and in 大写. */
export function agreementContext(f: AgreementFacts): Record<string, string> {
  const ctx: Record<string, string> = {
    协议编号: f.number,
    姓名: f.partnerName,
    项目名称: f.projectName,
    项目编码: f.projectCode ?? '—',
    城市公司: f.companyName,
    认购金额: formatMoney(f.amount),
    认购金额大写: amountInWords(f.amount),
    生成日期: formatDate(f.generatedAt),
  };
  if (f.byLevel) {
    const parts = LEVELS.filter((l) => f.byLevel![l] !== undefined && !String(f.byLevel![l]).match(/^-?0(\.0+)?$/)).map(
      (l) => `${LEVEL_LABEL[l]} ${formatMoney(f.byLevel![l])}`,
    );
    ctx['认购明细'] = parts.length ? parts.join('，') : '—';
  }
  if (f.previousAmount !== undefined && f.delta !== undefined) {
    const negative = String(f.delta).trim().startsWith('-');
    const abs = negative ? String(f.delta).trim().slice(1) : String(f.delta);
    ctx['原认购金额'] = formatMoney(f.previousAmount);
    ctx['原认购金额大写'] = amountInWords(f.previousAmount);
    ctx['变更方向'] = negative ? '减少' : '增加';
    ctx['变更金额'] = formatMoney(abs);
    ctx['变更金额大写'] = amountInWords(abs);
    ctx['变更事由'] = f.cause ?? '资金变更';
  }
  return ctx;
}

/**
 * Fills a template with the values. Strict: a placeholder without a value is an error naming it (a template saved
 * in 模板管理 has been validated against the list; this guards the built-in text). No HTML escaping: the result is
 * printed, not put in a page.
 */
export function fillAgreementText(template: string, ctx: Record<string, string>): string {
  return Handlebars.compile(template, { noEscape: true, strict: true })(ctx);
}

export type Block = { type: 'heading' | 'paragraph'; text: string };

/** The rendered text as blocks: "# " lines are headings, blank lines separate paragraphs. */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ type: 'paragraph', text: para.join('\n') });
    para = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    if (line.startsWith('# ')) {
      flush();
      blocks.push({ type: 'heading', text: line.slice(2).trim() });
    } else if (!line.trim()) flush();
    else para.push(line);
  }
  flush();
  return blocks;
}

/** The first heading: the document's title ("事业合伙（项目跟投）协议"). */
export const titleOf = (text: string, fallback: string): string =>
  textBlocks(text).find((b) => b.type === 'heading')?.text ?? fallback;

/** The characters a reader sees, without layout (for comparing with a PDF's extracted text). */
export const visibleText = (text: string): string =>
  textBlocks(text)
    .map((b) => b.text)
    .join('')
    .replace(/\s+/g, '');
