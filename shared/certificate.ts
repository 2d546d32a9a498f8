/**
 * Certificate numbers of 外部股东: a person's 居民身份证号 (GB 11643, 18 characters, the last a check digit) or a
 * company's 统一社会信用代码 (GB 32100, 18 characters, the last a check character). Typing errors are caught by the
 * check character before anything is stored. Pure: the console validates with it too.
 */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CertificateKind = 'PERSON' | 'COMPANY';

/** Upper case, no spaces: how a number is stored and compared. */
export const normalizeCertificate = (s: string): string => s.replace(/\s+/g, '').toUpperCase();

/** The check character of the first 17 characters of an ID number. */
export function idCardCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** The check character of the first 17 characters of a 统一社会信用代码. */
export function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return USCC_CHARS[c === 31 ? 0 : c]!;
}

/** null when the number is valid for the kind, else the problem in plain Chinese. */
export function certificateProblem(kind: CertificateKind, raw: string): string | null {
  const s = normalizeCertificate(raw);
  if (kind === 'PERSON') {
    if (!/^\d{17}[\dX]$/.test(s)) return '身份证号应为 18 位（最后一位可为 X）';
    const y = Number(s.slice(6, 10));
    const m = Number(s.slice(10, 12));
    const d = Number(s.slice(12, 14));
    const born = new Date(Date.UTC(y, m - 1, d));
    if (y < 1900 || born.getUTCMonth() !== m - 1 || born.getUTCDate() !== d) return '身份证号中的出生日期不正确';
    if (idCardCheck(s) !== s[17]) return '身份证号校验位不正确，请核对';
    return null;
  }
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(s))
    return '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）';
  if (usccCheck(s) !== s[17]) return '统一社会信用代码校验位不正确，请核对';
  return null;
}

/** For display: the first 3 and last 4 characters, e.g. 320********1234. */
export const maskCertificate = (raw: string): string => {
  const s = normalizeCertificate(raw);
  return s.length <= 7 ? '*'.repeat(s.length) : `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
};

/** For lists: only the last 4 digits of a bank account. */
export const maskBankAccount = (raw: string): string => {
  const s = raw.replace(/\s+/g, '');
  return s.length <= 4 ? s : `**** **** ${s.slice(-4)}`;
};
