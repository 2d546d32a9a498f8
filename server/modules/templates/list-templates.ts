import type { Deps } from '../../deps';
import { notFound } from '../../lib/errors';
import { TEMPLATE_CATALOGUE, TEMPLATE_KINDS, type TTemplateKind } from '../../../shared/templates';
import type { TTemplateDetail, TTemplateSummary, TTemplateVersion } from '../../../shared/api/templates';
import { currentVersionRow, versionRows, type TemplateVersionRow } from './repository';

export const versionView = (r: TemplateVersionRow): TTemplateVersion => ({
  id: r.id,
  version: r.version,
  title: r.title,
  body: r.body,
  note: r.note,
  restoredFrom: r.restoredFrom,
  createdByName: r.createdByName,
  createdAt: r.createdAt.toISOString(),
});

export function detailView(kind: TTemplateKind, current: TemplateVersionRow): TTemplateDetail {
  const def = TEMPLATE_CATALOGUE[kind];
  return {
    kind,
    label: def.label,
    channel: def.channel,
    description: def.description,
    version: current.version,
    updatedAt: current.createdAt.toISOString(),
    updatedByName: current.createdByName,
    current: versionView(current),
  };
}

/** 模板管理's list: every kind with its version in force (version 1 written on the first read of a kind). */
export async function listTemplates(deps: Deps): Promise<{ items: TTemplateSummary[] }> {
  const items: TTemplateSummary[] = [];
  for (const kind of TEMPLATE_KINDS) {
    const { current: _current, ...summary } = detailView(kind, await currentVersionRow(deps.db, kind));
    items.push(summary);
  }
  return { items };
}

export async function getTemplate(deps: Deps, kind: TTemplateKind): Promise<TTemplateDetail> {
  return detailView(kind, await currentVersionRow(deps.db, kind));
}

/** Every version of a kind, newest first, each with its full text (the console diffs each against the one before). */
export async function listTemplateVersions(deps: Deps, kind: TTemplateKind): Promise<{ items: TTemplateVersion[] }> {
  await currentVersionRow(deps.db, kind);
  const rows = await versionRows(deps.db, kind);
  if (!rows.length) throw notFound('模板');
  return { items: rows.map(versionView) };
}
