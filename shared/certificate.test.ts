import { certificateProblem, idCardCheck, maskBankAccount, maskCertificate, usccCheck } from './certificate';

describe('certificate numbers', () => {
  it('accepts a valid 身份证号 and names each kind of mistake', () => {
    const id = `11010519491231002`;
    const full = id + idCardCheck(id);
    expect(full).toBe('11010519491231002X');
    expect(certificateProblem('PERSON', full.toLowerCase())).toBeNull();
    expect(certificateProblem('PERSON', '110105194912310021')).toBe('身份证号校验位不正确，请核对');
    expect(certificateProblem('PERSON', '11010519491331002X')).toBe('身份证号中的出生日期不正确');
    expect(certificateProblem('PERSON', '1101051949')).toBe('身份证号应为 18 位（最后一位可为 X）');
  });

  it('accepts a valid 统一社会信用代码 and refuses a wrong check character', () => {
    expect(certificateProblem('COMPANY', '91350100M000100Y43')).toBeNull();
    expect(usccCheck('91350100M000100Y4')).toBe('3');
    expect(certificateProblem('COMPANY', '91350100M000100Y44')).toBe('统一社会信用代码校验位不正确，请核对');
    expect(certificateProblem('COMPANY', '91350100M000100I43')).toMatch(/不含 I/);
  });

  it('masks numbers for display', () => {
    expect(maskCertificate('11010519491231002X')).toBe('110***********002X');
    expect(maskBankAccount('6222 0212 3456 7890')).toBe('**** **** 7890');
  });
});
