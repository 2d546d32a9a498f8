import { amountInWords } from './amount-words';
import { dec } from '../../../../shared/money';

describe('amountInWords (大写)', () => {
  it.each([
    ['0', '人民币零元整'],
    ['0.00', '人民币零元整'],
    ['0.05', '人民币伍分'],
    ['0.01', '人民币壹分'],
    ['0.10', '人民币壹角'],
    ['1.05', '人民币壹元零伍分'],
    ['100.50', '人民币壹佰元伍角'],
    ['10000', '人民币壹万元整'],
    ['10001', '人民币壹万零壹元整'],
    ['10010.50', '人民币壹万零壹拾元伍角'],
    ['100000', '人民币壹拾万元整'],
    ['110000', '人民币壹拾壹万元整'],
    ['99999999.99', '人民币玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    ['100000000', '人民币壹亿元整'],
    ['100000001', '人民币壹亿零壹元整'],
    ['100010000', '人民币壹亿零壹万元整'],
    ['1000000001.01', '人民币壹拾亿零壹元零壹分'],
    ['1234567.89', '人民币壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分'],
  ])('%s → %s', (amount, words) => {
    expect(amountInWords(amount)).toBe(words);
  });

  it('rounds half-up to the cent first and takes Decimals', () => {
    expect(amountInWords('0.005')).toBe('人民币壹分');
    expect(amountInWords(dec('2500000.004'))).toBe('人民币贰佰伍拾万元整');
  });

  it('refuses negative amounts and amounts of 1 万亿 or more', () => {
    expect(() => amountInWords('-1.00')).toThrow('负数');
    expect(() => amountInWords('1000000000000')).toThrow('超出');
    expect(amountInWords('999999999999.99')).toMatch(/^人民币玖仟玖佰玖拾玖亿/);
  });
});
