/**
 * Bounds of an uploaded .xlsx, checked before ExcelJS loads it: ExcelJS builds every row up to the last one a sheet
 * names, so a few KB naming cell A1048576 would hold the event loop for seconds. The zip's central directory gives
 * each part's size; each worksheet part is inflated off the event loop (zlib's thread pool) with an output cap, and
 * its declared dimension and every row and cell reference are checked against the limits.
 */
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';
import { AppError } from './errors';

const inflate = promisify(inflateRaw);

export const EXCEL_LIMITS = {
  /** the file as uploaded */
  maxFileBytes: 5 * 1024 * 1024,
  /** all parts once unzipped (a zip bomb stops here) */
  maxUnzippedBytes: 40 * 1024 * 1024,
  maxRows: 10_000,
  maxColumns: 60,
} as const;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const unreadable = () => new AppError('VALIDATION_FAILED', '无法读取文件，请上传 Excel（.xlsx）文件');

/** The central directory of a zip file (no zip64: an .xlsx within the limits never needs it). */
function zipEntries(buf: Buffer): ZipEntry[] {
  const min = Math.max(0, buf.length - 65_557);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw unreadable();
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw unreadable();
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

async function entryText(buf: Buffer, e: ZipEntry, cap: number): Promise<string> {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw unreadable();
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (e.method === 0) return data.toString('utf8');
  if (e.method !== 8) throw unreadable();
  try {
    return (await inflate(data, { maxOutputLength: cap })).toString('utf8');
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw unreadable();
  }
}

const tooLarge = () =>
  new AppError('VALIDATION_FAILED', `文件内容过大：解压后不能超过 ${EXCEL_LIMITS.maxUnzippedBytes / 1024 / 1024} MB`);

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function refuseBeyond(row: number, col: number): void {
  if (row > EXCEL_LIMITS.maxRows)
    throw new AppError('VALIDATION_FAILED', `表格行数过多：最多 ${EXCEL_LIMITS.maxRows} 行（文件中有第 ${row} 行）`, {
      maxRows: EXCEL_LIMITS.maxRows,
      row,
    });
  if (col > EXCEL_LIMITS.maxColumns)
    throw new AppError(
      'VALIDATION_FAILED',
      `表格列数过多：最多 ${EXCEL_LIMITS.maxColumns} 列（文件中有第 ${col} 列）`,
      {
        maxColumns: EXCEL_LIMITS.maxColumns,
        column: col,
      },
    );
}

/** Throws a 400 in Chinese when the workbook is beyond the limits; returns when ExcelJS may load it. */
export async function checkXlsxBounds(file: Buffer): Promise<void> {
  if (file.length > EXCEL_LIMITS.maxFileBytes)
    throw new AppError('PAYLOAD_TOO_LARGE', `Excel 文件不能超过 ${EXCEL_LIMITS.maxFileBytes / 1024 / 1024} MB`);
  const entries = zipEntries(file);
  if (entries.reduce((s, e) => s + e.size, 0) > EXCEL_LIMITS.maxUnzippedBytes) throw tooLarge();
  for (const e of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const xml = await entryText(file, e, EXCEL_LIMITS.maxUnzippedBytes);
    const dim = /<(?:\w+:)?dimension\b[^>]*\bref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"/.exec(xml);
    if (dim) refuseBeyond(Number(dim[4] ?? dim[2]), columnNumber(dim[3] ?? dim[1]!));
    // the declared dimension may be absent or wrong: every row and cell reference counts
    for (const m of xml.matchAll(/<(?:\w+:)?row\b[^>]*?\br="(\d+)"/g)) refuseBeyond(Number(m[1]), 0);
    for (const m of xml.matchAll(/<(?:\w+:)?c\b[^>]*?\br="([A-Z]+)(\d+)"/g))
      refuseBeyond(Number(m[2]), columnNumber(m[1]!));
    // rows and cells without a reference follow the previous one: count them too
    const rows = xml.match(/<(?:\w+:)?row\b/g)?.length ?? 0;
    refuseBeyond(rows, 0);
  }
}
