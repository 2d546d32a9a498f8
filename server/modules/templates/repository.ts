import type { Tx } from '../../lib/db';
import type { TTemplateKind } from '../../../shared/templates';
import { DEFAULT_TEMPLATES } from './defaults';

export interface TemplateVersionRow {
  id: number;
  kind: string;
  version: number;
  title: string;
  body: string;
  note: string;
  restoredFrom: number | null;
  createdById: number | null;
  createdByName: string | null;
  createdAt: Date;
}

export const INITIAL_NOTE = '初始版本（系统原有措辞）';

/**
 * The current (highest) version of a kind. The first read of a kind writes its version 1 from defaults.ts; two
 * first reads at once insert it once (the unique (kind, version) and ON CONFLICT DO NOTHING).
 */
export async function currentVersionRow(db: Tx, kind: TTemplateKind): Promise<TemplateVersionRow> {
  const row = await db.templateVersion.findFirst({ where: { kind }, orderBy: { version: 'desc' } });
  if (row) return row;
  const d = DEFAULT_TEMPLATES[kind];
  await db.templateVersion.createMany({
    data: [{ kind, version: 1, title: d.title, body: d.body, note: INITIAL_NOTE, createdByName: '系统' }],
    skipDuplicates: true,
  });
  return db.templateVersion.findFirstOrThrow({ where: { kind }, orderBy: { version: 'desc' } });
}

export const versionRows = (db: Tx, kind: TTemplateKind) =>
  db.templateVersion.findMany({ where: { kind }, orderBy: { version: 'desc' } });

export const versionRow = (db: Tx, kind: TTemplateKind, version: number) =>
  db.templateVersion.findUnique({ where: { kind_version: { kind, version } } });
