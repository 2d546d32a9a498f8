import { CallbackCrypto, CallbackCryptoError, callbackSignature } from './crypto';
import { robotSignature } from './robot-sign';
import { createHmac } from 'node:crypto';

// Public vectors (dingtalk.md §7)
const A = {
  token: '123456',
  aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij',
  key: 'suite4xxxxxxxxxxxxxxx',
  timestamp: '1445827045067',
  nonce: 'nEXhMP4r',
  signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
  encrypt:
    '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
  plain: '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
  random: 'hU3bEfGZZewzhG5a',
};
const B = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  key: 'ding6ccabc44d2c8d38b',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  encrypt:
    '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
  plain: '{"EventType":"check_url"}',
  random: 'l7Y3EcX2CU5w8av3',
};

describe.each([
  ['A', A],
  ['B', B],
])('callback crypto, public vector %s', (_n, v) => {
  const c = new CallbackCrypto({ token: v.token, aesKey: v.aesKey, ownerKey: v.key });
  it('computes the signature', () => {
    expect(callbackSignature(v.token, v.timestamp, v.nonce, v.encrypt)).toBe(v.signature);
  });
  it('verifies and decrypts to the documented plaintext', () => {
    expect(
      c.open(
        { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt },
        { maxAgeMs: Infinity },
      ),
    ).toBe(v.plain);
    expect(c.decrypt(v.encrypt).random).toBe(v.random);
  });
  it('re-encrypts byte-identically with the same random', () => {
    expect(c.encrypt(v.plain, v.random)).toBe(v.encrypt);
  });
  it('rejects a wrong signature', () => {
    const bad = v.signature.replace(/^./, (ch) => (ch === '0' ? '1' : '0'));
    expect(() =>
      c.open({ signature: bad, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt }, { maxAgeMs: Infinity }),
    ).toThrow(expect.objectContaining({ code: 900005 }));
  });
  it('rejects a wrong owner key (900010)', () => {
    const other = new CallbackCrypto({ token: v.token, aesKey: v.aesKey, ownerKey: 'dingsomeotherappkey' });
    expect(() =>
      other.open(
        { signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt },
        { maxAgeMs: Infinity },
      ),
    ).toThrow(expect.objectContaining({ code: 900010 }));
  });
  it('rejects a stale timestamp (replay)', () => {
    expect(() =>
      c.open({ signature: v.signature, timestamp: v.timestamp, nonce: v.nonce, encrypt: v.encrypt }),
    ).toThrow(expect.objectContaining({ code: 900002 }));
  });
});

describe('callback crypto round trip', () => {
  const c = new CallbackCrypto({
    token: 'gentouToken',
    aesKey: 'gentouDemoAesKey0123456789abcdefghijklmnopq',
    ownerKey: 'dingdemoappkey0001',
  });
  it.each([
    'success',
    '{"EventType":"bpms_instance_change","title":"跟投审批 ¥1,234.56"}',
    'x'.repeat(31),
    'y'.repeat(32),
    'z'.repeat(1000),
  ])('seals and opens %#', (plain) => {
    const sealed = c.seal(plain);
    expect(
      c.open({
        signature: sealed.msg_signature,
        timestamp: sealed.timeStamp,
        nonce: sealed.nonce,
        encrypt: sealed.encrypt,
      }),
    ).toBe(plain);
  });
  it('rejects an aes key of the wrong length', () => {
    expect(() => new CallbackCrypto({ token: 't', aesKey: 'short', ownerKey: 'k' })).toThrow(CallbackCryptoError);
  });
  it('rejects tampered ciphertext', () => {
    const sealed = c.seal('success');
    const enc = Buffer.from(sealed.encrypt, 'base64');
    enc[enc.length - 1] = (enc[enc.length - 1] ?? 0) ^ 0xff;
    expect(() => c.decrypt(enc.toString('base64'))).toThrow(CallbackCryptoError);
  });
});

describe('robot 加签', () => {
  it('is base64(HmacSHA256(secret, timestamp\\nsecret)) and URL-encodes to what DingTalk checks', () => {
    const secret = 'SECa1b2c3d4e5f6';
    const ts = 1700000000000;
    const expected = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
    expect(robotSignature(secret, ts)).toBe(expected);
    // fixed value, cross-checked with: python3 -c "import hmac,hashlib,base64;print(base64.b64encode(hmac.new(b'SECa1b2c3d4e5f6',b'1700000000000\nSECa1b2c3d4e5f6',hashlib.sha256).digest()).decode())"
    expect(robotSignature(secret, ts)).toBe('oJQpdCHfADjAvXpklWV1PzUEobyTlyhOkQWGlZgxWPE=');
  });
});
