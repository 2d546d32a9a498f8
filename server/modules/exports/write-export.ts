/**
 * Writes one export as an .xlsx stream: keyset pages from the database → exceljs' streaming WorkbookWriter → the
 * given stream (a large object, a file, an HTTP response). Each row is committed as soon as it is added, so only
 * the current page and exceljs' zip buffers are in memory, whatever the number of rows. No shared strings (a table
 * of every distinct text, kept until the end).
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { EXPORT_KIND_LABEL } from '../../../shared/api/exports';
import { EXPORT_COLUMNS, exportCells, type ExportKindCode } from './columns';
import { exportPages, type ExportScope, type RawDeps } from './export-data';

export const EXPORT_PAGE_SIZE = 1000;
const MONEY_FMT = '#,##0.00';
// One style object per kind of column, shared by every cell of it: exceljs renders a cell's style once per object
// (a WeakMap by identity), while the copy each new cell gets of its column's style is rendered and looked up again
// for every cell — about half the CPU of a large export. Same file either way. Never mutated.
const MONEY_STYLE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: MONEY_FMT });
const PLAIN_STYLE: Partial<ExcelJS.Style> = Object.freeze({});

export interface WriteExportOptions {
  pageSize?: number;
  /** called after each page with the rows written so far */
  onProgress?: (rowsDone: number) => Promise<void> | void;
  now?: Date;
}

export async function writeExport(
  deps: RawDeps,
  kind: ExportKindCode,
  scope: ExportScope,
  out: Writable,
  opts: WriteExportOptions = {},
): Promise<{ rows: number }> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = '事业合伙管理系统';
  const sheet = workbook.addWorksheet(EXPORT_KIND_LABEL[kind], { views: [{ state: 'frozen', ySplit: 1 }] });
  const columns = EXPORT_COLUMNS[kind];
  sheet.columns = columns.map((c, i) => ({
    key: String(i),
    header: c.header,
    width: c.width,
    ...(c.money ? { style: { numFmt: MONEY_FMT } } : {}),
  }));
  const styles = columns.map((c) => (c.money ? MONEY_STYLE : PLAIN_STYLE));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let rows = 0;
  const now = opts.now ?? new Date();
  for await (const page of exportPages(deps, kind, scope, opts.pageSize ?? EXPORT_PAGE_SIZE)) {
    for (const r of page) {
      const row = sheet.addRow(exportCells(kind, r, now));
      for (let i = 0; i < styles.length; i++) row.getCell(i + 1).style = styles[i]!;
      row.commit();
    }
    rows += page.length;
    await opts.onProgress?.(rows);
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}
