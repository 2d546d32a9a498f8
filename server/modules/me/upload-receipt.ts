/** 我已打款: the caller uploads a receipt image for one of their dues (type checked by content). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Deps } from '../../deps';
import type { Actor } from '../../auth/actor';
import { AppError, notFound } from '../../lib/errors';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { myPaymentNotice } from './my-payment-notice';
import { consoleUrl } from '../../lib/console-url';
import { formatMoney } from '../../../shared/money';
import { enqueueNotifications } from '../notify/outbox';
import { projectAccountants } from '../exits/repository';
import { shanghaiDay } from '../../../shared/datetime';

/** The allowed list: the content's signature and the file name's extension must both match one of these. */
const IMAGE_TYPES: { mime: string; ext: string; exts: string[]; magic: number[] }[] = [
  { mime: 'image/jpeg', ext: 'jpg', exts: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
  { mime: 'image/png', ext: 'png', exts: ['png'], magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mime: 'application/pdf', ext: 'pdf', exts: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
];

/** Limits of 我已打款 receipts: per file, and per partner per day (files and bytes). */
export const RECEIPT_LIMITS = { maxFileBytes: 10 * 1024 * 1024, perDayFiles: 20, perDayBytes: 50 * 1024 * 1024 };

/**
 * The name kept for a download: the last path segment only, no control characters, no characters Windows or a
 * Content-Disposition header would choke on, no leading dots, at most 100 characters, ending in the type's extension.
 */
export function sanitizeFileName(name: string | null | undefined, ext: string): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f<>:"|?*\\/]/g, '')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.\s]+/, '')
    .trim();
  const stem = cleaned.replace(/\.[^.]*$/, '').slice(0, 90) || 'receipt';
  return `${stem}.${ext}`;
}

/** "我已打款" with a receipt photo (checked by content, ≤ 10 MB). The accountant's confirmation is what counts. */
export async function uploadReceipt(
  deps: Deps,
  who: AuditActor,
  actor: Actor,
  dueId: number,
  file: { filepath: string; originalFilename?: string | null; size: number } | undefined,
) {
  if (!file) throw new AppError('VALIDATION_FAILED', '请选择付款凭证图片', [{ path: 'file', message: '请选择图片' }]);
  if (file.size > RECEIPT_LIMITS.maxFileBytes) throw new AppError('PAYLOAD_TOO_LARGE', '凭证文件不能超过 10 MB');
  const data = await readFile(file.filepath);
  const type = IMAGE_TYPES.find((t) => t.magic.every((b, i) => data[i] === b));
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(file.originalFilename ?? '')?.[1]?.toLowerCase();
  if (!type || (ext !== undefined && !type.exts.includes(ext)))
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', '凭证须为 JPG、PNG 图片或 PDF 文件（文件内容与扩展名须一致）');
  await deps.db.$transaction(async (tx) => {
    const d = await tx.paymentDue.findFirst({ where: { id: dueId, userId: actor.userId } });
    if (!d) throw notFound('缴款通知');
    // per partner per day (Asia/Shanghai): a lock on the partner's row keeps concurrent uploads within the quota
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${actor.userId} FOR UPDATE`;
    const since = new Date(`${shanghaiDay()}T00:00:00+08:00`);
    const today = await tx.attachment.aggregate({
      where: { uploadedById: actor.userId, ownerType: 'PAYMENT_RECEIPT', createdAt: { gte: since } },
      _count: { _all: true },
      _sum: { size: true },
    });
    if (
      today._count._all >= RECEIPT_LIMITS.perDayFiles ||
      (today._sum.size ?? 0) + data.length > RECEIPT_LIMITS.perDayBytes
    )
      throw new AppError(
        'RATE_LIMITED',
        `今日上传的凭证已达上限（每天 ${RECEIPT_LIMITS.perDayFiles} 个、共 ${RECEIPT_LIMITS.perDayBytes / 1024 / 1024} MB），请明天再试`,
      );
    await tx.attachment.create({
      data: {
        ownerType: 'PAYMENT_RECEIPT',
        ownerId: d.id,
        fileName: sanitizeFileName(file.originalFilename, type.ext),
        mime: type.mime,
        size: data.length,
        sha256: createHash('sha256').update(data).digest('hex'),
        data,
        uploadedById: actor.userId,
      },
    });
    await tx.paymentDue.update({
      where: { id: d.id },
      data: { partnerMarkedPaidAt: d.partnerMarkedPaidAt ?? new Date() },
    });
    await writeAudit(tx, who, {
      action: 'mark_paid',
      entity: 'PaymentDue',
      entityId: d.id,
      projectId: d.projectId,
      after: { receipt: type.mime, size: data.length },
    });
    // the first "我已打款" of a due tells the project's accountants, with the button to the confirmation screen
    if (!d.partnerMarkedPaidAt) {
      const [partner, project] = await Promise.all([
        tx.user.findUniqueOrThrow({ where: { id: d.userId }, select: { name: true } }),
        tx.project.findUniqueOrThrow({ where: { id: d.projectId }, select: { name: true } }),
      ]);
      const tab = d.kind === 'INITIAL' ? 'payments' : 'change-dues';
      const what = d.kind === 'TOPUP' ? '补缴' : '缴款';
      await enqueueNotifications(
        tx,
        (await projectAccountants(tx, d.projectId))
          .filter((a) => a.dingUserId)
          .map((a) => ({
            channel: 'WORK' as const,
            kind: 'payment_marked_paid',
            userId: a.id,
            dingUserId: a.dingUserId!,
            dedupeKey: `payment:${d.id}:marked:${a.id}`,
            msg: {
              msgtype: 'action_card' as const,
              action_card: {
                title: `${partner.name} 已标记打款`,
                markdown: `【${project.name}】${partner.name} 已上传${what}付款凭证（应缴 ${formatMoney(d.amountDue)}）。\n\n**下一步：请核对银行到账后在【${tab === 'payments' ? '缴款' : '变更缴款确认'}】确认**`,
                single_title: '去确认到账',
                single_url: consoleUrl(deps, `business/${tab}?projectId=${d.projectId}`),
              },
            },
          })),
      );
    }
  });
  return myPaymentNotice(deps, actor, dueId);
}
