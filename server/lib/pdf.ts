// PDF documents (agreements, statements) with Chinese text. pdfkit embeds a subset of the font actually used,
// so a one-page agreement stays small although the Noto CJK collection is ~20 MB. The fonts come from Debian's
// fonts-noto-cjk (installed with the README's set-up by server/tools/system-packages.mjs), never downloaded at run
// time; GENTOU_PDF_FONT_DIR points elsewhere on other systems.
import { existsSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { AppError } from './errors';

const FONT_DIRS = [
  process.env.GENTOU_PDF_FONT_DIR,
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/noto-cjk',
  '/usr/share/fonts/google-noto-cjk',
].filter((d): d is string => Boolean(d));

/** The font faces a document may use: `doc.font(PDF_FONT.regular)` / `doc.font(PDF_FONT.bold)`. */
export const PDF_FONT = { regular: 'cjk-regular', bold: 'cjk-bold' } as const;

function findFont(file: string): string | null {
  for (const dir of FONT_DIRS) {
    const p = path.join(dir, file);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Whether the CJK fonts are installed (health checks and tests ask before generating). */
export function pdfFontsAvailable(): boolean {
  return findFont('NotoSansCJK-Regular.ttc') !== null;
}

/**
 * A new A4 document with the CJK faces registered and Regular selected. `info` becomes the PDF's metadata.
 * Throws a 503 naming the missing package when the fonts are not installed.
 */
export function createPdf(info: {
  title: string;
  subject?: string;
  author?: string;
  /** The document's date: with the same content and date the bytes (and so a content hash) are the same. */
  createdAt?: Date;
}): PDFKit.PDFDocument {
  const regular = findFont('NotoSansCJK-Regular.ttc');
  const bold = findFont('NotoSansCJK-Bold.ttc') ?? regular;
  if (!regular || !bold) {
    throw new AppError('SERVICE_UNAVAILABLE', '服务器缺少中文字体（fonts-noto-cjk），无法生成 PDF', {
      install: 'sudo apt-get install -y fonts-noto-cjk',
    });
  }
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 64, bottom: 64, left: 64, right: 64 },
    info: {
      Title: info.title,
      ...(info.subject ? { Subject: info.subject } : {}),
      Author: info.author ?? '事业合伙管理系统',
      Creator: '事业合伙管理系统',
      ...(info.createdAt ? { CreationDate: info.createdAt, ModDate: info.createdAt } : {}),
    },
    compress: true,
  });
  doc.registerFont(PDF_FONT.regular, regular, 'NotoSansCJKsc-Regular');
  doc.registerFont(PDF_FONT.bold, bold, 'NotoSansCJKsc-Bold');
  doc.font(PDF_FONT.regular);
  return doc;
}

/** Ends `doc` (after `draw` wrote into it) and resolves with the whole file. */
export function renderPdf(doc: PDFKit.PDFDocument, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
      doc.end();
    } catch (e) {
      reject(e);
    }
  });
}
