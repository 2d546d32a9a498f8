/**
 * The agreement as a PDF (A4, Noto CJK embedded as a subset through server/lib/pdf.ts): the rendered text's blocks
 * and nothing else — the title ("# ") centred, later headings bold, paragraphs left-aligned — so the
 * text a reader copies out of it is the filled template. The document's date is the generation time: the same text
 * at the same time gives the same bytes.
 */
import { createPdf, PDF_FONT, renderPdf } from '../../lib/pdf';
import { textBlocks } from './calc/agreement-text';

export function renderAgreementPdf(text: string, meta: { title: string; number: string; generatedAt: Date }) {
  const doc = createPdf({ title: meta.title, subject: meta.number, createdAt: meta.generatedAt });
  return renderPdf(doc, (d) => {
    const width = d.page.width - d.page.margins.left - d.page.margins.right;
    textBlocks(text).forEach((b) => {
      if (b.type === 'title') {
        d.font(PDF_FONT.bold).fontSize(18).text(b.text, { align: 'center', width });
        d.moveDown(1);
      } else if (b.type === 'heading') {
        d.moveDown(0.4);
        d.font(PDF_FONT.bold).fontSize(12.5).text(b.text, { width });
        d.moveDown(0.4);
      } else {
        // left-aligned: justification would stretch the one space of a CJK line ("人民币 ¥80,000.00") across the gap
        d.font(PDF_FONT.regular).fontSize(11).text(b.text, { width, align: 'left', lineGap: 4 });
        d.moveDown(0.6);
      }
    });
  });
}
