import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed, expiring tokens for links opened without a login (e.g. the BPM form's 测算表 download, opened by the
 * approvers from DingTalk OA). HMAC-SHA256 with a key derived from SECRET_KEY for each purpose, so a token made for
 * one kind of link never opens another. Nothing is stored: the token carries its fields and its expiry.
 *
 *   token = <field>.<field>….<expiry: seconds since the epoch>.<signature: base64url>
 *
 * Fields are short identifiers ([A-Za-z0-9_-]); the URL stays readable and needs no escaping. A secret never goes in
 * a field — the token is signed, not encrypted.
 */
const FIELD_RE = /^[A-Za-z0-9_-]{1,64}$/;
const EXPIRY_RE = /^[1-9]\d{0,11}$/;

export type OpenedLink =
  | { ok: true; fields: string[]; expiresAt: Date }
  | { ok: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED'; expiresAt?: Date };

const purposeKey = (secretKey: Buffer, purpose: string): Buffer =>
  createHmac('sha256', secretKey).update(`signed-link:${purpose}`, 'utf8').digest();

const signatureOf = (secretKey: Buffer, purpose: string, body: string): Buffer =>
  createHmac('sha256', purposeKey(secretKey, purpose)).update(body, 'utf8').digest();

export function signLink(secretKey: Buffer, purpose: string, fields: readonly string[], expiresAt: Date): string {
  if (secretKey.length !== 32) throw new Error('secret key must be 32 bytes');
  for (const f of fields) if (!FIELD_RE.test(f)) throw new Error(`signed link field must match ${FIELD_RE}: ${f}`);
  const body = [...fields, String(Math.floor(expiresAt.getTime() / 1000))].join('.');
  return `${body}.${signatureOf(secretKey, purpose, body).toString('base64url')}`;
}

/**
 * Checks a token: its shape, then its signature (compared in constant time), then its expiry — so a token that was
 * altered is reported as such even when it is also out of date.
 */
export function openLink(
  secretKey: Buffer,
  purpose: string,
  token: string,
  fieldCount: number,
  now: Date = new Date(),
): OpenedLink {
  const parts = token.split('.');
  if (parts.length !== fieldCount + 2) return { ok: false, reason: 'MALFORMED' };
  const signature = parts.pop()!;
  const expiry = parts[parts.length - 1]!;
  const fields = parts.slice(0, -1);
  if (!EXPIRY_RE.test(expiry) || !fields.every((f) => FIELD_RE.test(f)) || !/^[A-Za-z0-9_-]{43}$/.test(signature))
    return { ok: false, reason: 'MALFORMED' };
  const expected = signatureOf(secretKey, purpose, parts.join('.'));
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'BAD_SIGNATURE' };
  const expiresAt = new Date(Number(expiry) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'EXPIRED', expiresAt };
  return { ok: true, fields, expiresAt };
}

/** A path for the logs: the signature of a signed link in it replaced by `***` (the link opens without a login). */
export const redactSignedLink = (path: string): string =>
  path.replace(/(\.\d+\.)[A-Za-z0-9_-]{43}(?=$|[/?#])/, '$1***');
