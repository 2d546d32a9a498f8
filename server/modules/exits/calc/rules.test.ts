import {
  DEFAULT_EXIT_RULES,
  describeRule,
  resolveExitType,
  resolveExitTypes,
  ZExitPricingRule,
  ZExitSettings,
  type ExitPricingRule,
} from './rules';

describe('exit types and rules', () => {
  it('built-in types in order with their defaults (domain.md §4.9)', () => {
    const types = resolveExitTypes();
    expect(types.map((t) => [t.code, t.label, t.enabled])).toEqual([
      ['RESIGNATION', '离职', true],
      ['RETIREMENT', '退休', true],
      ['DISMISSAL', '辞退', true],
      ['TRANSFER', '调动', true],
      ['DEATH', '身故', true],
    ]);
    expect(types.map((t) => describeRule(t.rule))).toEqual([
      '实缴本金 − 已分配利润，扣除尚欠资金利息，不低于零',
      '实缴本金 + 资金利息（年利率 10.00%，ACT/365） − 已分配利润，扣除尚欠资金利息，不低于零',
      '（实缴本金 − 已分配利润）与净资产孰低，扣除尚欠资金利息，不低于零',
      '实缴本金 + 资金利息（年利率 10.00%，ACT/365） − 已分配利润，扣除尚欠资金利息，不低于零',
      '实缴本金 + 资金利息（年利率 10.00%，ACT/365） − 已分配利润，扣除尚欠资金利息，不低于零',
    ]);
    for (const r of Object.values(DEFAULT_EXIT_RULES)) expect(ZExitPricingRule.parse(r)).toEqual(r);
  });

  it('the project overrides the group, which overrides the defaults; custom types are appended', () => {
    const groupRule: ExitPricingRule = { ...DEFAULT_EXIT_RULES.RESIGNATION, lowerOfNav: true };
    const group = ZExitSettings.parse({
      types: [
        { code: 'RESIGNATION', label: '离职', rule: groupRule },
        {
          code: 'EARLY_RETIREMENT',
          label: '提前退休',
          rule: { ...DEFAULT_EXIT_RULES.RETIREMENT, discountRate: '0.05' },
        },
      ],
    });
    const project = ZExitSettings.parse({
      types: [
        {
          code: 'RETIREMENT',
          label: '退休',
          rule: {
            ...DEFAULT_EXIT_RULES.RETIREMENT,
            interest: { enabled: true, annualRate: '0.08', dayCount: 'ACT/360' },
          },
        },
        { code: 'DEATH', label: '身故', enabled: false, rule: DEFAULT_EXIT_RULES.DEATH },
      ],
    });
    const types = resolveExitTypes(group, project);
    expect(types.map((t) => t.code)).toEqual([
      'RESIGNATION',
      'RETIREMENT',
      'DISMISSAL',
      'TRANSFER',
      'DEATH',
      'EARLY_RETIREMENT',
    ]);
    expect(types[0]!.rule.lowerOfNav).toBe(true);
    expect(types[1]!.rule.interest).toEqual({ enabled: true, annualRate: '0.08', dayCount: 'ACT/360' });
    expect(resolveExitType('EARLY_RETIREMENT', group, project)).toMatchObject({
      ok: true,
      type: { label: '提前退休', rule: { discountRate: '0.05' } },
    });
    expect(resolveExitType('DEATH', group, project)).toEqual({
      ok: false,
      message: '退出类型“身故”已停用，不能用于新的测算。',
    });
    expect(resolveExitType('NOPE', group, project)).toEqual({ ok: false, message: '未知的退出类型：NOPE。' });
    // resolving never mutates the defaults or the settings
    types[0]!.rule.discountRate = '0.5';
    expect(DEFAULT_EXIT_RULES.RESIGNATION.discountRate).toBe('0');
    expect(resolveExitTypes(group, project)[0]!.rule.discountRate).toBe('0');
  });

  it('validates settings: duplicate codes, bad codes, rates outside 0–100%, unknown keys', () => {
    const r = DEFAULT_EXIT_RULES.RESIGNATION;
    const dup = ZExitSettings.safeParse({
      types: [
        { code: 'X1', label: 'a', rule: r },
        { code: 'X1', label: 'b', rule: r },
      ],
    });
    expect(dup.success).toBe(false);
    expect(dup.error?.issues[0]?.message).toBe('退出类型代码 X1 重复');
    expect(ZExitSettings.safeParse({ types: [{ code: 'lower', label: 'a', rule: r }] }).success).toBe(false);
    expect(ZExitPricingRule.safeParse({ ...r, discountRate: '1.2' }).success).toBe(false);
    expect(ZExitPricingRule.safeParse({ ...r, interest: { ...r.interest, annualRate: '-0.1' } }).success).toBe(false);
    expect(ZExitPricingRule.safeParse({ ...r, interest: { ...r.interest, dayCount: '30/360' } }).success).toBe(false);
    expect(ZExitPricingRule.safeParse({ ...r, extra: 1 }).success).toBe(false);
    expect(ZExitPricingRule.safeParse({ ...r, lowerOfNav: undefined }).success).toBe(false);
  });
});
