/**
 * 保存模板 / 恢复为新版本: a new version with its full text, after validation against the kind's catalogue, only from
 * the version in force (`baseVersion`, else 409: someone saved meanwhile), audited in the same transaction with the
 * text before and after.
 */
import type { Deps } from '../../deps';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { Prisma } from '../../lib/db';
import { TEMPLATE_LABEL, type TTemplateKind } from '../../../shared/templates';
import type { TTemplateDetail, TTemplateSave } from '../../../shared/api/templates';
import { currentVersionRow, versionRow, type TemplateVersionRow } from './repository';
import { detailView } from './list-templates';
import { validateTemplateText, type TemplateProblem } from './validate';

const ENTITY = 'Template';

/** 400 naming every problem: `details` is `[{ path: [field], message, placeholder, line, column }]`. */
export function assertValidTemplate(kind: TTemplateKind, t: { title: string; body: string }): void {
  const problems: TemplateProblem[] = [
    ...validateTemplateText(kind, t.title, 'title'),
    ...validateTemplateText(kind, t.body, 'body'),
  ];
  if (!problems.length) return;
  const where = (p: TemplateProblem) => (p.field === 'title' ? `标题${p.message}` : p.message);
  throw new AppError(
    'VALIDATION_FAILED',
    problems.length === 1
      ? `模板有误：${where(problems[0]!)}`
      : `模板有 ${problems.length} 处错误：${where(problems[0]!)} 等`,
    problems.map((p) => ({
      path: [p.field],
      message: where(p),
      placeholder: p.placeholder ?? null,
      line: p.line,
      column: p.column,
    })),
  );
}

async function addVersion(
  deps: Deps,
  who: AuditActor,
  kind: TTemplateKind,
  input: { title: string; body: string; note: string; baseVersion: number; restoredFrom?: number },
  action: 'update_template' | 'restore_template',
): Promise<TTemplateDetail> {
  assertValidTemplate(kind, input);
  try {
    return await deps.db.$transaction(async (tx) => {
      const current = await currentVersionRow(tx, kind);
      if (current.version !== input.baseVersion) throw versionConflict(`${TEMPLATE_LABEL[kind]}模板`, current.version);
      if (current.title === input.title && current.body === input.body)
        throw invalidState('模板内容与当前版本相同，无需保存');
      const created: TemplateVersionRow = await tx.templateVersion.create({
        data: {
          kind,
          version: current.version + 1,
          title: input.title,
          body: input.body,
          note: input.note,
          restoredFrom: input.restoredFrom ?? null,
          createdById: who.actorId,
          createdByName: who.actorName,
        },
      });
      await writeAudit(tx, who, {
        action,
        entity: ENTITY,
        entityId: kind,
        before: { version: current.version, title: current.title, body: current.body },
        after: {
          version: created.version,
          title: created.title,
          body: created.body,
          note: created.note,
          ...(input.restoredFrom ? { restoredFrom: input.restoredFrom } : {}),
        },
      });
      return detailView(kind, created);
    });
  } catch (e) {
    // two saves from the same version at once: the unique (kind, version) lets one through
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw versionConflict(`${TEMPLATE_LABEL[kind]}模板`);
    throw e;
  }
}

export const saveTemplate = (deps: Deps, who: AuditActor, kind: TTemplateKind, body: TTemplateSave) =>
  addVersion(deps, who, kind, body, 'update_template');

export async function restoreTemplateVersion(
  deps: Deps,
  who: AuditActor,
  kind: TTemplateKind,
  version: number,
  body: { baseVersion: number; note?: string },
): Promise<TTemplateDetail> {
  const old = await versionRow(deps.db, kind, version);
  if (!old) throw notFound(`${TEMPLATE_LABEL[kind]}模板第 ${version} 版`);
  return addVersion(
    deps,
    who,
    kind,
    {
      title: old.title,
      body: old.body,
      note: body.note?.trim() || `恢复第 ${version} 版`,
      baseVersion: body.baseVersion,
      restoredFrom: version,
    },
    'restore_template',
  );
}
