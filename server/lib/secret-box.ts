import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (AppSecret, robot tokens, callback AES key): AES-256-GCM with the 32-byte key from
 * SECRET_KEY. Stored as `v1:<iv>:<tag>:<ciphertext>` (base64 parts), so the format can change later.
 */
const VERSION = 'v1';

export function sealSecret(plain: string, key: Buffer): string {
  if (key.length !== 32) throw new Error('secret key must be 32 bytes');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
}

export class SecretBoxError extends Error {}

export function openSecret(sealed: string, key: Buffer): string {
  const parts = sealed.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretBoxError('密文格式不正确');
  const [, iv, tag, ct] = parts as [string, string, string, string];
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('无法解密已保存的密钥（SECRET_KEY 是否已更换？）');
  }
}

/** For display: never the secret itself, only whether it is set and its first characters. */
export function maskSecret(plain: string | null | undefined): string | null {
  if (!plain) return null;
  return plain.length <= 6 ? '******' : `${plain.slice(0, 3)}******${plain.slice(-2)}`;
}
