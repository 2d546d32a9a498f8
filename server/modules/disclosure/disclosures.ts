/**
 * 披露 (city accountant): a disclosure of a quarter — the 盈亏动态 of that quarter against 立项 (a snapshot, taken
 * again on every save while it can be edited), the milestones, a narrative and attachments. One disclosure of a
 * project is open at a time (草稿 / 审批中 / 待审核 / 已退回): the 披露(循环) flow of 项目流程 decides it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Deps } from '../../deps';
import type { Tx } from '../../lib/db';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { AppError, invalidState, notFound, versionConflict } from '../../lib/errors';
import {
  DISCLOSURE_STATUS_LABEL,
  periodLabel,
  ZDisclosureSnapshot,
  type TDisclosureDetail,
  type TDisclosureRow,
  type TDisclosureStatus,
} from '../../../shared/api/disclosure';
import { approvalBase, snapshotOf } from './repository';
import { assertDisclosureIn } from './disclosure-state';
import {
  ATTACHMENT_HINT,
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_DISCLOSURE,
  cleanFileName,
  detectAttachmentType,
} from './attachment-types';

const ENTITY = 'Disclosure';
const OWNER = 'DISCLOSURE';
/** Statuses of a disclosure still being decided: one per project at a time. */
const OPEN: TDisclosureStatus[] = ['DRAFT', 'FLOW', 'IN_REVIEW', 'RETURNED'];
const EDITABLE: TDisclosureStatus[] = ['DRAFT', 'RETURNED'];

/** The snapshot of a quarter's 盈亏动态; refused when the quarter has none. */
async function takeSnapshot(tx: Tx, projectId: number, period: string) {
  const row = await tx.dynamicIndicator.findUnique({ where: { projectId_period: { projectId, period } } });
  if (!row)
    throw new AppError('INVALID_STATE', `请先在【盈亏动态】中填写${periodLabel(period)}的动态数据`, [
      { path: 'period', message: '该报告期没有盈亏动态' },
    ]);
  return snapshotOf(await approvalBase(tx, projectId), row);
}

async function rows(deps: Deps, projectId: number, where: { id?: number } = {}): Promise<TDisclosureRow[]> {
  const list = await deps.db.disclosure.findMany({
    where: { projectId, ...where },
    orderBy: { id: 'desc' },
    include: { recipients: { select: { digestId: true } } },
  });
  const ids = list.map((d) => d.id);
  const [users, reviews] = await Promise.all([
    deps.db.user.findMany({
      where: { id: { in: [...new Set(list.map((d) => d.createdById))] } },
      select: { id: true, name: true },
    }),
    deps.db.review.findMany({
      where: { subjectType: 'DISCLOSURE', subjectId: { in: ids } },
      orderBy: { id: 'desc' },
      select: { id: true, subjectId: true },
    }),
  ]);
  return list.map((d) => ({
    id: d.id,
    projectId: d.projectId,
    period: d.period,
    periodLabel: periodLabel(d.period),
    status: d.status,
    statusLabel: DISCLOSURE_STATUS_LABEL[d.status],
    returnReason: d.returnReason,
    approvedAt: d.approvedAt?.toISOString() ?? null,
    createdBy: users.find((u) => u.id === d.createdById)?.name ?? null,
    createdAt: d.createdAt.toISOString(),
    version: d.version,
    reviewId: reviews.find((r) => r.subjectId === d.id)?.id ?? null,
    recipients: d.recipients.length,
    notified: d.recipients.filter((r) => r.digestId !== null).length,
  }));
}

export const listDisclosures = (deps: Deps, projectId: number) => rows(deps, projectId);

export async function getDisclosure(deps: Deps, projectId: number, id: number): Promise<TDisclosureDetail> {
  const [row] = await rows(deps, projectId, { id });
  if (!row) throw notFound('披露');
  const d = await deps.db.disclosure.findUniqueOrThrow({ where: { id } });
  const [attachments, flow] = await Promise.all([
    deps.db.attachment.findMany({
      where: { ownerType: OWNER, ownerId: id },
      orderBy: { id: 'asc' },
      select: { id: true, fileName: true, mime: true, size: true, createdAt: true },
    }),
    deps.db.projectFlow.findFirst({
      where: { projectId, type: 'DISCLOSURE', subjectType: OWNER, subjectId: id },
      orderBy: { run: 'desc' },
      select: { id: true, run: true, status: true, instanceId: true },
    }),
  ]);
  return {
    ...row,
    narrative: d.narrative,
    snapshot: d.snapshot === null ? null : ZDisclosureSnapshot.parse(d.snapshot),
    attachments: attachments.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    flow,
  };
}

/** 新建披露 for a quarter that has 盈亏动态. */
export async function createDisclosure(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  input: { period: string; narrative: string },
) {
  const id = await deps.db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Project" WHERE id = ${projectId} FOR NO KEY UPDATE`; // one open disclosure per project
    const open = await tx.disclosure.findFirst({ where: { projectId, status: { in: OPEN } } });
    if (open)
      throw invalidState(
        `${periodLabel(open.period)}的披露尚未完成（${DISCLOSURE_STATUS_LABEL[open.status]}），请先完成或修改该披露`,
        { disclosureId: open.id },
      );
    const snapshot = await takeSnapshot(tx, projectId, input.period);
    const d = await tx.disclosure.create({
      data: { projectId, period: input.period, narrative: input.narrative, snapshot, createdById: who.actorId ?? 0 },
    });
    await writeAudit(tx, who, {
      action: 'create',
      entity: ENTITY,
      entityId: d.id,
      projectId,
      after: { period: d.period, narrative: d.narrative, status: d.status },
    });
    return d.id;
  });
  return getDisclosure(deps, projectId, id);
}

async function lockEditable(tx: Tx, projectId: number, id: number, what: string) {
  await tx.$queryRaw`SELECT id FROM "Disclosure" WHERE id = ${id} FOR UPDATE`;
  const d = await tx.disclosure.findFirst({ where: { id, projectId } });
  if (!d) throw notFound('披露');
  assertDisclosureIn(d, EDITABLE, what);
  return d;
}

/** 修改: the narrative, and the snapshot taken again from the quarter's current 盈亏动态. */
export async function editDisclosure(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  id: number,
  input: { narrative: string; version: number },
) {
  await deps.db.$transaction(async (tx) => {
    const d = await lockEditable(tx, projectId, id, '修改');
    if (d.version !== input.version) throw versionConflict('披露', d.version);
    const snapshot = await takeSnapshot(tx, projectId, d.period);
    await tx.disclosure.update({
      where: { id },
      data: { narrative: input.narrative, snapshot, version: { increment: 1 } },
    });
    await writeAudit(tx, who, {
      action: 'update',
      entity: ENTITY,
      entityId: id,
      projectId,
      before: { narrative: d.narrative, snapshot: d.snapshot },
      after: { narrative: input.narrative, snapshot },
    });
  });
  return getDisclosure(deps, projectId, id);
}

/** 上传附件 while the disclosure can be edited (type by content, ≤ 10 MB, at most 10 files). */
export async function addAttachment(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  id: number,
  file: { filepath: string; originalFilename?: string | null; size: number } | undefined,
) {
  if (!file) throw new AppError('VALIDATION_FAILED', '请选择附件', [{ path: 'file', message: '请选择文件' }]);
  if (file.size > ATTACHMENT_MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', '附件不能超过 10 MB');
  const data = await readFile(file.filepath);
  const fileName = cleanFileName(file.originalFilename ?? '');
  const type = detectAttachmentType(fileName, data.subarray(0, 8));
  if (!type) throw new AppError('UNSUPPORTED_MEDIA_TYPE', `附件须为${ATTACHMENT_HINT}（按文件内容识别）`);
  await deps.db.$transaction(async (tx) => {
    await lockEditable(tx, projectId, id, '上传附件');
    const count = await tx.attachment.count({ where: { ownerType: OWNER, ownerId: id } });
    if (count >= ATTACHMENTS_PER_DISCLOSURE)
      throw invalidState(`每个披露最多 ${ATTACHMENTS_PER_DISCLOSURE} 个附件，请先删除不需要的附件`);
    const a = await tx.attachment.create({
      data: {
        ownerType: OWNER,
        ownerId: id,
        fileName,
        mime: type.mime,
        size: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
        data,
        uploadedById: who.actorId ?? 0,
      },
    });
    await writeAudit(tx, who, {
      action: 'attach',
      entity: ENTITY,
      entityId: id,
      projectId,
      after: { attachmentId: a.id, fileName, mime: type.mime, size: data.length },
    });
  });
  return getDisclosure(deps, projectId, id);
}

export async function removeAttachment(
  deps: Deps,
  who: AuditActor,
  projectId: number,
  id: number,
  attachmentId: number,
) {
  await deps.db.$transaction(async (tx) => {
    await lockEditable(tx, projectId, id, '删除附件');
    const a = await tx.attachment.findFirst({ where: { id: attachmentId, ownerType: OWNER, ownerId: id } });
    if (!a) throw notFound('附件');
    await tx.attachment.delete({ where: { id: a.id } });
    await writeAudit(tx, who, {
      action: 'detach',
      entity: ENTITY,
      entityId: id,
      projectId,
      before: { attachmentId: a.id, fileName: a.fileName, size: a.size },
    });
  });
  return getDisclosure(deps, projectId, id);
}

export async function attachmentFile(deps: Deps, projectId: number, id: number, attachmentId: number) {
  const d = await deps.db.disclosure.findFirst({ where: { id, projectId }, select: { id: true } });
  const a = d && (await deps.db.attachment.findFirst({ where: { id: attachmentId, ownerType: OWNER, ownerId: id } }));
  if (!a) throw notFound('附件');
  return { fileName: a.fileName, mime: a.mime, body: Buffer.from(a.data) };
}
