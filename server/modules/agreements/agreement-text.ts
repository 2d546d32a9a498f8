/**
 * The text of an agreement from the template version in force (模板管理, server/modules/templates): the values are
 * raw (amounts as decimal strings; the store formats ¥1,234,567.89 and derives 大写), the version is recorded with
 * the document.
 */
import type { Tx } from '../../lib/db';
import { currentTemplate, renderVersion } from '../templates';
import { AGREEMENT_TEMPLATE_KIND, titleOf } from './calc/agreement-text';

export interface RenderedAgreement {
  text: string;
  title: string;
  templateKind: string;
  templateVersion: number;
}

export async function renderAgreementText(
  tx: Tx,
  kind: 'PARTNERSHIP' | 'SUPPLEMENTARY',
  values: Record<string, unknown>,
): Promise<RenderedAgreement> {
  const templateKind = AGREEMENT_TEMPLATE_KIND[kind];
  const r = renderVersion(await currentTemplate(tx, templateKind), values);
  return {
    text: r.text,
    title: r.title || titleOf(r.text, kind === 'PARTNERSHIP' ? '合伙协议' : '补充协议'),
    templateKind,
    templateVersion: r.version,
  };
}
