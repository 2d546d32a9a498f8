/**
 * DingTalk HTTP callback crypto (DingCallbackCrypto): AES-256-CBC, key = Base64(aesKey + "="), iv = key[0..16),
 * PKCS#7 padding to a 32-byte block (so Node's own 16-byte padding must be off), plaintext
 * `random(16) | len(msg) BE32 | msg | ownerKey`, signature = sha1(sort([token, timestamp, nonce, encrypt]).join('')).
 * ownerKey is the AppKey for app-level events (the CorpId only for callbacks registered through the API).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const BLOCK = 32;
const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class CallbackCryptoError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'CallbackCryptoError';
  }
}

export interface CallbackCryptoOptions {
  token: string;
  aesKey: string;
  ownerKey: string;
}

export function callbackSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  return createHash('sha1').update([token, timestamp, nonce, encrypt].sort().join('')).digest('hex');
}

function keyOf(aesKey: string): Buffer {
  if (!/^[A-Za-z0-9]{43}$/.test(aesKey))
    throw new CallbackCryptoError(900004, '不合法的 aes key（应为 43 位字母或数字）');
  return Buffer.from(`${aesKey}=`, 'base64');
}

export function randomAscii(length: number): string {
  const bytes = randomBytes(length);
  let s = '';
  for (const b of bytes) s += ALPHANUM[b % ALPHANUM.length];
  return s;
}

export class CallbackCrypto {
  private readonly key: Buffer;
  constructor(private readonly opts: CallbackCryptoOptions) {
    this.key = keyOf(opts.aesKey);
  }

  /** Encrypts `plain` (`random` fixed only for the public test vectors). */
  encrypt(plain: string, random = randomAscii(16)): string {
    const msg = Buffer.from(plain, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length, 0);
    const body = Buffer.concat([Buffer.from(random, 'utf8'), len, msg, Buffer.from(this.opts.ownerKey, 'utf8')]);
    const pad = BLOCK - (body.length % BLOCK);
    const padded = Buffer.concat([body, Buffer.alloc(pad, pad)]);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
    cipher.setAutoPadding(false);
    try {
      return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
    } catch {
      throw new CallbackCryptoError(900007, '加密失败');
    }
  }

  /** Decrypts and checks the trailing owner key; returns the message and the 16-byte random. */
  decrypt(encrypt: string): { plain: string; random: string } {
    let buf: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
      decipher.setAutoPadding(false);
      buf = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
    } catch {
      throw new CallbackCryptoError(900008, '解密失败');
    }
    const pad = buf[buf.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || pad > buf.length) throw new CallbackCryptoError(900008, '解密失败（填充不正确）');
    const body = buf.subarray(0, buf.length - pad);
    if (body.length < 20) throw new CallbackCryptoError(900009, '解密后长度不匹配');
    const len = body.readUInt32BE(16);
    if (20 + len > body.length) throw new CallbackCryptoError(900009, '解密后长度不匹配');
    const plain = body.subarray(20, 20 + len).toString('utf8');
    const owner = body.subarray(20 + len).toString('utf8');
    if (owner !== this.opts.ownerKey) throw new CallbackCryptoError(900010, '解密后的 key 与本应用不匹配');
    return { plain, random: body.subarray(0, 16).toString('utf8') };
  }

  signature(timestamp: string, nonce: string, encrypt: string): string {
    return callbackSignature(this.opts.token, timestamp, nonce, encrypt);
  }

  /**
   * Verifies and decrypts one pushed event. `maxAgeMs` rejects stale timestamps (replays); the public
   * vectors are years old, so their tests pass `maxAgeMs: Infinity`.
   */
  open(
    args: { signature: string; timestamp: string; nonce: string; encrypt: string },
    opts: { now?: number; maxAgeMs?: number } = {},
  ): string {
    if (!/^\d{10,13}$/.test(args.timestamp)) throw new CallbackCryptoError(900002, '不合法的时间戳');
    if (!args.nonce) throw new CallbackCryptoError(900003, '不合法的 nonce');
    const expected = Buffer.from(this.signature(args.timestamp, args.nonce, args.encrypt), 'utf8');
    const given = Buffer.from(args.signature.toLowerCase(), 'utf8');
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new CallbackCryptoError(900005, '签名不匹配');
    const maxAge = opts.maxAgeMs ?? 5 * 60 * 1000;
    if (Number.isFinite(maxAge)) {
      const ts = Number(args.timestamp.length === 10 ? `${args.timestamp}000` : args.timestamp);
      if (Math.abs((opts.now ?? Date.now()) - ts) > maxAge) throw new CallbackCryptoError(900002, '时间戳已过期');
    }
    return this.decrypt(args.encrypt).plain;
  }

  /** The signed, encrypted answer DingTalk expects (decrypts to `success` for an acknowledgement). */
  seal(
    plain: string,
    timestamp = String(Date.now()),
    nonce = randomAscii(8),
  ): { msg_signature: string; timeStamp: string; nonce: string; encrypt: string } {
    const encrypt = this.encrypt(plain);
    return { msg_signature: this.signature(timestamp, nonce, encrypt), timeStamp: timestamp, nonce, encrypt };
  }
}
