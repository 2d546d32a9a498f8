/** The CJK PDF set-up: Chinese text survives generation (extracted back), and the same content and date give the same bytes. */
import { pdfText } from '../../test/support/pdf';
import { createPdf, PDF_FONT, renderPdf } from './pdf';

const draw = (doc: PDFKit.PDFDocument) => {
  doc.font(PDF_FONT.bold).fontSize(16).text('事业合伙协议');
  doc.font(PDF_FONT.regular).fontSize(11).text('认购金额：¥1,234,567.89（人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分）');
};

test('Chinese text is embedded and can be extracted again', async () => {
  const pdf = await renderPdf(createPdf({ title: '测试', createdAt: new Date('2026-12-01T00:00:00Z') }), draw);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const text = await pdfText(pdf);
  expect(text).toContain('事业合伙协议');
  expect(text).toContain('¥1,234,567.89（人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分）');
});

test('the same content and date give the same bytes', async () => {
  const at = new Date('2026-12-01T00:00:00Z');
  const a = await renderPdf(createPdf({ title: '测试', createdAt: at }), draw);
  const b = await renderPdf(createPdf({ title: '测试', createdAt: at }), draw);
  expect(a.equals(b)).toBe(true);
});
