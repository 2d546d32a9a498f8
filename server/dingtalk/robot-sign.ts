import { createHmac } from 'node:crypto';

/**
 * 自定义机器人加签: HmacSHA256(key = secret, data = `${timestamp}\n${secret}`) → Base64 → URL-encode.
 * Returns the raw Base64 (callers put it in the query with URLSearchParams, which encodes it once).
 */
export function robotSignature(secret: string, timestampMs: number | string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}
