/** From the rendered text to the stored document: the PDF, its size bound, its SHA-256 and file name. */
import { AppError } from '../../lib/errors';
import { agreementFileName, documentHash } from './calc/numbering';
import { renderAgreementPdf } from './render-agreement-pdf';

/** A generated agreement is a few pages of text with a font subset (≈ 30–80 KB); anything near this is a bug. */
export const MAX_AGREEMENT_BYTES = 2 * 1024 * 1024;

export async function buildAgreementDocument(
  text: string,
  meta: { title: string; number: string; version: number; generatedAt: Date; shortTitle: string },
) {
  const pdf = await renderAgreementPdf(text, meta);
  if (pdf.length > MAX_AGREEMENT_BYTES)
    throw new AppError('UNPROCESSABLE', `协议文件过大（${Math.ceil(pdf.length / 1024)} KB），请检查模板内容`, {
      size: pdf.length,
      max: MAX_AGREEMENT_BYTES,
    });
  return {
    // a copy on its own ArrayBuffer: Prisma's Bytes wants Uint8Array<ArrayBuffer>, not a pooled Buffer
    pdf: new Uint8Array(pdf),
    size: pdf.length,
    sha256: documentHash(pdf),
    fileName: agreementFileName(meta.shortTitle, meta.number, meta.version),
  };
}
