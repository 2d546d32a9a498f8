/**
 * The text of an agreement from the template version in force. Until 模板管理 holds a version of the kind, the
 * built-in default (calc/agreement-text.ts) is used and recorded as templateVersion null.
 */
import type { Tx } from '../../lib/db';
import { AGREEMENT_TEMPLATE_KIND, DEFAULT_AGREEMENT_TEXT, fillAgreementText, titleOf } from './calc/agreement-text';

export interface RenderedAgreement {
  text: string;
  title: string;
  templateKind: string;
  templateVersion: number | null;
}

export async function renderAgreementText(
  _tx: Tx,
  kind: 'PARTNERSHIP' | 'SUPPLEMENTARY',
  context: Record<string, string>,
): Promise<RenderedAgreement> {
  const text = fillAgreementText(DEFAULT_AGREEMENT_TEXT[kind], context);
  return {
    text,
    title: titleOf(text, kind === 'PARTNERSHIP' ? '合伙协议' : '补充协议'),
    templateKind: AGREEMENT_TEMPLATE_KIND[kind],
    templateVersion: null,
  };
}
