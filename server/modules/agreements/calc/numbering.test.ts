import { agreementFileName, agreementNumber, documentHash, nextSeq } from './numbering';

describe('agreement numbers', () => {
  it('uses the project code and a four-digit per-project sequence', () => {
    expect(agreementNumber({ id: 3, code: 'JY001' }, 1)).toBe('XY-JY001-0001');
    expect(agreementNumber({ id: 3, code: 'JY001' }, 12345)).toBe('XY-JY001-12345');
  });
  it('falls back to P<id> and keeps the number file-name safe', () => {
    expect(agreementNumber({ id: 7, code: null }, 2)).toBe('XY-P7-0002');
    expect(agreementNumber({ id: 7, code: '  ' }, 2)).toBe('XY-P7-0002');
    expect(agreementNumber({ id: 7, code: '江阴' }, 2)).toBe('XY-P7-0002');
    expect(agreementNumber({ id: 7, code: '江阴 01/A' }, 9)).toBe('XY-01-A-0009');
  });
  it('refuses a sequence that is not a positive integer', () => {
    expect(() => agreementNumber({ id: 1, code: 'X' }, 0)).toThrow();
    expect(() => agreementNumber({ id: 1, code: 'X' }, 1.5)).toThrow();
  });
  it('counts on from the largest sequence used', () => {
    expect(nextSeq(null)).toBe(1);
    expect(nextSeq(41)).toBe(42);
  });
  it('names the file with the number and version', () => {
    expect(agreementFileName('合伙协议', 'XY-A-0001', 2)).toBe('合伙协议-XY-A-0001-v2.pdf');
  });
});

describe('documentHash', () => {
  it('is the SHA-256 of the bytes, hex', () => {
    expect(documentHash(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('changes with any byte', () => {
    expect(documentHash(Buffer.from('abd'))).not.toBe(documentHash(Buffer.from('abc')));
  });
});
