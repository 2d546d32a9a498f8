import { randomBytes } from 'node:crypto';
import { openLink, redactSignedLink, signLink } from './signed-link';

const key = randomBytes(32);
const now = new Date('2026-12-01T04:00:00Z');
const in30days = new Date(now.getTime() + 30 * 24 * 3600 * 1000);

describe('signed links', () => {
  const token = signLink(key, 'distribution-sheet', ['42', 'AbC-_9'], in30days);

  it('opens with its fields and expiry, before it expires', () => {
    expect(token).toMatch(/^42\.AbC-_9\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(openLink(key, 'distribution-sheet', token, 2, now)).toEqual({
      ok: true,
      fields: ['42', 'AbC-_9'],
      expiresAt: new Date(Math.floor(in30days.getTime() / 1000) * 1000),
    });
  });

  it('is refused once expired (at the second of its expiry)', () => {
    expect(openLink(key, 'distribution-sheet', token, 2, in30days)).toMatchObject({ ok: false, reason: 'EXPIRED' });
    expect(openLink(key, 'distribution-sheet', token, 2, new Date(in30days.getTime() - 1000)).ok).toBe(true);
  });

  it('is refused when any part is changed: a field, the expiry, the signature', () => {
    const [id, fp, exp, sig] = token.split('.') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    for (const forged of [
      [String(Number(id) + 1), fp, exp, sig],
      [id, flip(fp), exp, sig],
      [id, fp, String(Number(exp) + 86400 * 365), sig],
      [id, fp, exp, flip(sig)],
    ])
      expect(openLink(key, 'distribution-sheet', forged.join('.'), 2, now)).toEqual({
        ok: false,
        reason: 'BAD_SIGNATURE',
      });
  });

  it('an extended expiry of an expired token is a forgery, not an expiry', () => {
    const old = signLink(key, 'distribution-sheet', ['42', 'fp'], new Date(now.getTime() - 1000));
    expect(openLink(key, 'distribution-sheet', old, 2, now)).toMatchObject({ reason: 'EXPIRED' });
    const parts = old.split('.');
    parts[2] = String(Number(parts[2]) + 86400 * 30);
    expect(openLink(key, 'distribution-sheet', parts.join('.'), 2, now)).toMatchObject({ reason: 'BAD_SIGNATURE' });
  });

  it('is refused under another key or for another purpose', () => {
    expect(openLink(randomBytes(32), 'distribution-sheet', token, 2, now)).toMatchObject({ reason: 'BAD_SIGNATURE' });
    expect(openLink(key, 'payment-receipt', token, 2, now)).toMatchObject({ reason: 'BAD_SIGNATURE' });
  });

  it('is refused when malformed', () => {
    for (const bad of ['', 'abc', '42.fp.123', `${token}.x`, token.replace(/\.\d+\./, '.12ab.'), '42.f p.1.sig'])
      expect(openLink(key, 'distribution-sheet', bad, 2, now)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('refuses fields that would need escaping in a URL', () => {
    expect(() => signLink(key, 'x', ['a.b'], in30days)).toThrow();
    expect(() => signLink(key, 'x', ['王磊'], in30days)).toThrow();
  });

  it('is logged without its signature', () => {
    const [id, fp, exp] = token.split('.');
    expect(redactSignedLink(`/api/distribution-sheets/${token}`)).toBe(
      `/api/distribution-sheets/${id}.${fp}.${exp}.***`,
    );
    expect(redactSignedLink('/api/projects/3/distributions/4')).toBe('/api/projects/3/distributions/4');
  });
});
