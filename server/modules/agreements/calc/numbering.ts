/** Document numbers and content hashes of agreements (pure). */
import { createHash } from 'node:crypto';

/**
 * XY-<项目编码>-<seq>: one sequence per project (every document of the project, partnership and supplementary
 * alike), four digits at least. A project without a 项目编码 uses P<id>. Characters outside [A-Za-z0-9] in the code
 * become "-" (and a code with none left uses P<id>) so the number can go in a file name.
 */
export function agreementNumber(project: { id: number; code: string | null }, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`协议序号必须是正整数：${seq}`);
  const safe = (project.code ?? '').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const code = safe || `P${project.id}`;
  return `XY-${code}-${String(seq).padStart(4, '0')}`;
}

/** The next sequence number of a project, given the largest one used (null when none). */
export const nextSeq = (maxUsed: number | null): number => (maxUsed ?? 0) + 1;

/** SHA-256 of the document's bytes, hex: what the partner signs and what a download can be checked against. */
export const documentHash = (pdf: Buffer): string => createHash('sha256').update(pdf).digest('hex');

/** 合伙协议-XY-JY001-0001-v2.pdf */
export const agreementFileName = (title: string, number: string, version: number): string =>
  `${title}-${number}-v${version}.pdf`;
