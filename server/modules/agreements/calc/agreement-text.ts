/**
 * The agreement's text (pure): the values of the placeholders of 模板管理's agreement kinds (shared/templates.ts:
 * PARTNERSHIP_AGREEMENT, SUPPLEMENTARY_AGREEMENT) from the ledger's figures, and the rendered text's layout
 * convention — a line starting with "# " is the title, "## " … a heading, blank lines separate paragraphs, lines of
 * one paragraph stay lines. The PDF prints exactly these blocks, so the text extracted from the PDF is the filled
 * template (tests compare them).
 */
import type { MoneyInput } from '../../../../shared/money';
import { LEVELS, type Level } from '../../../../shared/scheme-math';
import { LEVEL_LABEL } from '../../../../shared/api/scheme';
import { formatMoney } from '../../../../shared/money';

export const AGREEMENT_TEMPLATE_KIND = {
  PARTNERSHIP: 'PARTNERSHIP_AGREEMENT',
  SUPPLEMENTARY: 'SUPPLEMENTARY_AGREEMENT',
} as const;

export interface PartyFacts {
  number: string;
  partnerName: string;
  jobNumber: string | null;
  mobile: string | null;
  projectName: string;
  companyName: string;
  platformName: string;
  generatedAt: Date;
  /** the commitment per level (after the change, for a 补充协议) */
  byLevel: Partial<Record<Level, MoneyInput>>;
}

/** 城市公司层级：¥300,000.00 — one line per level with a commitment. */
export function holdingLines(byLevel: Partial<Record<Level, MoneyInput>>): string {
  const lines = LEVELS.filter((l) => byLevel[l] !== undefined && formatMoney(byLevel[l]) !== '¥0.00').map(
    (l) => `${LEVEL_LABEL[l]}层级：${formatMoney(byLevel[l])}`,
  );
  return lines.length ? lines.join('\n') : '—';
}

/** Raw values of PARTNERSHIP_AGREEMENT (amounts raw: the template store formats them and derives the 大写). */
export const partnershipValues = (
  f: PartyFacts & { amount: MoneyInput; paid: MoneyInput },
): Record<string, unknown> => ({
  协议编号: f.number,
  姓名: f.partnerName,
  工号: f.jobNumber ?? '—',
  手机号: f.mobile ?? '—',
  项目名称: f.projectName,
  城市公司: f.companyName,
  平台公司: f.platformName,
  认购金额: f.amount,
  实缴金额: f.paid,
  持有明细: holdingLines(f.byLevel),
  生成日期: f.generatedAt,
});

/** Raw values of SUPPLEMENTARY_AGREEMENT. */
export const supplementaryValues = (
  f: PartyFacts & {
    previousNumber: string | null;
    cause: string;
    changeDate: string;
    previousAmount: MoneyInput;
    amount: MoneyInput;
  },
): Record<string, unknown> => ({
  协议编号: f.number,
  原协议编号: f.previousNumber ?? '—',
  姓名: f.partnerName,
  工号: f.jobNumber ?? '—',
  项目名称: f.projectName,
  平台公司: f.platformName,
  变更事项: f.cause,
  变更日期: f.changeDate,
  原认购金额: f.previousAmount,
  新认购金额: f.amount,
  持有明细: holdingLines(f.byLevel),
  生成日期: f.generatedAt,
});

export type Block = { type: 'title' | 'heading' | 'paragraph'; text: string };

/** The rendered text as blocks: "# " is the title, "## " … "###### " headings, blank lines separate paragraphs. */
export function textBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ type: 'paragraph', text: para.join('\n') });
    para = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const m = /^(#{1,6}) +(.*)$/.exec(line);
    if (m) {
      flush();
      blocks.push({ type: m[1] === '#' ? 'title' : 'heading', text: m[2]!.trim() });
    } else if (!line.trim()) flush();
    else para.push(line);
  }
  flush();
  return blocks;
}

/** The first heading: the document's title ("江阴项目 事业合伙（项目跟投）协议"). */
export const titleOf = (text: string, fallback: string): string =>
  textBlocks(text).find((b) => b.type !== 'paragraph')?.text ?? fallback;

/** The characters a reader sees, without layout (for comparing with a PDF's extracted text). */
export const visibleText = (text: string): string =>
  textBlocks(text)
    .map((b) => b.text)
    .join('')
    .replace(/\s+/g, '');
