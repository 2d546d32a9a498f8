/**
 * What other modules use to send or print a templated text. Every writer of a notice renders the current version of
 * its kind and records the version's id on the notification row (`templateVersionId` of enqueueNotifications).
 *
 *   const t = await renderTemplate(tx, 'PAYMENT_NOTICE', { 姓名, 项目名称, 跟投层级, 应缴金额, 缴款截止, 收款账户 });
 *   // t.title, t.text (markdown / plain text), t.templateVersionId, t.version
 *
 * For one text per partner in a loop, read the version once with currentTemplate and fill it with renderVersion.
 * Context values are raw: amounts as decimal strings or Decimals (formatted ¥1,234,567.89, 大写 derived from the
 * amount it names), dates as Date or 'YYYY-MM-DD' (shown in Asia/Shanghai). Every placeholder of the kind's
 * catalogue (shared/templates.ts) must be given (null shows as “—”); a missing one throws.
 */
import type { Tx } from '../../lib/db';
import type { TTemplateKind } from '../../../shared/templates';
import { currentVersionRow, type TemplateVersionRow } from './repository';
import { renderTexts } from './render';

export type { TemplateVersionRow } from './repository';
export { moneyInWords } from './render';

export interface RenderedTemplate {
  title: string;
  text: string;
  templateVersionId: number;
  version: number;
}

/** A test message's text says 【测试】 (after the markdown heading marks when it starts with a heading). */
export function markTest(text: string): string {
  const m = /^(#{1,6} )/.exec(text);
  return m ? `${m[1]}【测试】${text.slice(m[1]!.length)}` : `【测试】${text}`;
}

/** The version in force of `kind` (version 1, today's wording, until someone edits it in 模板管理). */
export const currentTemplate = (db: Tx, kind: TTemplateKind): Promise<TemplateVersionRow> =>
  currentVersionRow(db, kind);

/** Fills a version read by currentTemplate (no database access). */
export function renderVersion(t: TemplateVersionRow, context: Record<string, unknown>): RenderedTemplate {
  const r = renderTexts(t.kind as TTemplateKind, t, context);
  return { ...r, templateVersionId: t.id, version: t.version };
}

/** The current version of `kind` filled with `context`. */
export async function renderTemplate(
  db: Tx,
  kind: TTemplateKind,
  context: Record<string, unknown>,
): Promise<RenderedTemplate> {
  return renderVersion(await currentTemplate(db, kind), context);
}
