/** 投资对账单 as a PDF (A4, Noto CJK embedded): the overall figures, then per project the figures, tranches and events. */
import { createPdf, PDF_FONT, renderPdf } from '../../lib/pdf';
import { formatMoney } from '../../../shared/money';
import { statementAgreementLines, statementFigureRows } from '../../../shared/statement';
import type { TMyStatement, TStatementFigures } from '../../../shared/api/statement';

const figureRows = (f: TStatementFigures): Array<[string, string]> =>
  statementFigureRows(f).map((r) => [r.label, r.value]);

export function renderStatementPdf(s: TMyStatement): Promise<Buffer> {
  const doc = createPdf({
    title: `投资对账单 ${s.partnerName}`,
    subject: `截至 ${s.asOf}`,
    createdAt: new Date(`${s.asOf}T00:00:00Z`),
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const ensure = (h: number) => {
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const pairs = (rows: Array<[string, string]>) => {
    // two columns of label / value pairs
    const colW = width / 2;
    for (let i = 0; i < rows.length; i += 2) {
      ensure(18);
      const y = doc.y;
      for (const [k, [label, value]] of rows.slice(i, i + 2).entries()) {
        const x = left + k * colW;
        doc.font(PDF_FONT.regular).fontSize(10).fillColor('#666').text(label, x, y, { width: 110 });
        doc
          .font(PDF_FONT.bold)
          .fillColor('#000')
          .text(value, x + 110, y, { width: colW - 120, align: 'right' });
      }
      doc.y = y + 18;
    }
  };
  const table = (head: string[], widths: number[], rows: string[][]) => {
    const draw = (cells: string[], bold: boolean) => {
      ensure(18);
      const y = doc.y;
      let x = left;
      let bottom = y;
      cells.forEach((c, i) => {
        doc
          .font(bold ? PDF_FONT.bold : PDF_FONT.regular)
          .fontSize(9)
          .fillColor('#000');
        doc.text(c, x + 2, y, { width: widths[i]! - 4, align: i === 2 ? 'right' : 'left', lineBreak: true });
        x += widths[i]!;
        // a cell that wraps makes the row taller
        bottom = Math.max(bottom, doc.y);
      });
      doc.y = Math.max(bottom + 2, y + 16);
      doc
        .moveTo(left, doc.y - 2)
        .lineTo(left + width, doc.y - 2)
        .strokeColor('#ddd')
        .lineWidth(0.5)
        .stroke();
    };
    draw(head, true);
    for (const r of rows) draw(r, false);
  };
  return renderPdf(doc, (d) => {
    d.font(PDF_FONT.bold).fontSize(18).text('事业合伙投资对账单', { align: 'center' });
    d.moveDown(0.3);
    d.font(PDF_FONT.regular)
      .fontSize(10)
      .fillColor('#444')
      .text(`合伙人：${s.partnerName}    截至：${s.asOf}（北京时间）`, { align: 'center' });
    d.moveDown(1);
    d.font(PDF_FONT.bold).fontSize(13).fillColor('#000').text('全部项目合计', left);
    d.moveDown(0.4);
    pairs(figureRows(s.totals));
    for (const p of s.projects) {
      d.moveDown(0.8);
      ensure(120);
      d.font(PDF_FONT.bold).fontSize(13).fillColor('#000').text(`${p.projectName}（${p.companyName}）`, left);
      d.moveDown(0.4);
      pairs(figureRows(p.figures));
      d.moveDown(0.4);
      table(
        ['协议', '编号', '状态'],
        [230, 140, width - 370],
        statementAgreementLines(p.agreement).map((l) => {
          const doc = p.agreement.documents.find((x) => `${x.number}-${x.version}` === l.key);
          return doc
            ? [doc.version > 1 ? `${doc.title}（第${doc.version}版）` : doc.title, doc.number, l.value]
            : [l.label, '—', l.value];
        }),
      );
      d.moveDown(0.4);
      table(
        ['日期', '事项', '金额', '说明'],
        [80, 70, 110, width - 260],
        p.events.map((e) => [e.date, e.label, formatMoney(e.amount), e.note]),
      );
    }
    d.moveDown(1);
    ensure(40);
    d.font(PDF_FONT.regular)
      .fontSize(8)
      .fillColor('#666')
      .text(
        '说明：金额取自资金台账与已发放的分配；缴款为负、收回为正。MOIC =（已收回合计 + 实缴余额按成本计）÷ 累计缴款；XIRR 以各笔实际日期计算，实缴余额按成本计入截至日。',
        left,
        d.y,
        { width },
      );
  });
}
