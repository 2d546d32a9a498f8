/** The worked examples under 立项信息's settings agree with the calculations the BFF applies. */
import fc from 'fast-check';
import { simpleInterest } from '../server/modules/capital/calc/interest';
import { reminderDays } from '../server/modules/payments/status';
import { formatMoney, moneyString } from './money';
import { personCap } from './scheme-math';
import { addDays, lateEntryInterestExample, schemeSettingHelp } from './scheme-help';

const base = {
  peakCapital: '100000000',
  totalRatio: '0.05',
  maxTotalRatio: '0.1',
  perPersonCapRatio: '0.002',
  allocationUnit: '1',
  lateEntryPricing: 'WITH_INTEREST' as const,
  lateEntryRate: '0.1',
  paymentDueDays: 15,
  reminderOffsetsDays: [1, 0],
  voluntaryForfeit: true,
  today: '2026-12-01',
};

test('each setting says what it does, with the project numbers', () => {
  const h = schemeSettingHelp(base);
  expect(h.maxTotalRatio.example).toBe(
    '资金峰值 ¥100,000,000.00 × 10.000% = 合伙人合计最多 ¥10,000,000.00；当前占比 5.000%，即 ¥5,000,000.00',
  );
  expect(h.perPersonCapRatio.example).toBe('¥100,000,000.00 × 0.200% = 每人最多 ¥200,000.00');
  expect(h.allocationUnit.example).toBe('测算得 ¥33,333.33 → 合伙人出资 ¥33,333.00，零头 ¥0.33 由平台公司承接');
  expect(h.lateEntryPricing.example).toBe(
    '补投 ¥100,000.00，在最早出资日后第 90 天到账，年利率 10.000% → 另付利息 ¥2,465.75',
  );
  expect(h.paymentDueDays.example).toBe('若今天（12月1日）流程完成，缴款截止 2026-12-16');
  expect(h.reminderOffsetsDays.example).toBe('截止 2026-12-16 → 12月15日、12月16日 自动催缴');
  expect(h.voluntaryForfeit.example).toBe('截止 2026-12-16：2026-12-17 起仍未缴款的自愿认购视为放弃');
  expect(schemeSettingHelp({ ...base, voluntaryForfeit: false }).voluntaryForfeit.what).toContain('继续催缴');
  expect(schemeSettingHelp({ ...base, lateEntryPricing: 'AT_COST' }).lateEntryPricing.what).toContain('不计资金利息');
});

test('missing or half-typed numbers give no example rather than a wrong one', () => {
  const h = schemeSettingHelp({ today: '2026-12-01', peakCapital: '', maxTotalRatio: '1e', perPersonCapRatio: null });
  expect(h.maxTotalRatio.example).toBeNull();
  expect(h.perPersonCapRatio.example).toBeNull();
  expect(h.paymentDueDays.example).toBeNull();
  expect(h.reminderOffsetsDays.example).toBe('未选择：不自动催缴，只能手动催缴');
});

test('the examples use the real rules: per-person cap, late-entry interest, reminder days', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 10_000_000_00 }),
      fc.integer({ min: 1, max: 500 }),
      fc.integer({ min: 0, max: 2000 }),
      fc.integer({ min: 0, max: 3000 }),
      (peakCents, capPermille, ratePermille, days) => {
        const peak = moneyString(peakCents / 100);
        const cap = (capPermille / 10000).toString();
        const rate = (ratePermille / 10000).toString();
        const terms = { ...base, peakCapital: peak, perPersonCapRatio: cap };
        const help = schemeSettingHelp(terms);
        expect(help.perPersonCapRatio.example).toContain(`每人最多 ${formatMoney(personCap(terms as never))}`);
        const real = simpleInterest([{ date: '2026-01-01', amount: '100000' }], {
          annualRate: rate,
          to: addDays('2026-01-01', days),
          dayCount: 'ACT/365',
        }).interest;
        expect(moneyString(lateEntryInterestExample('100000', rate, days))).toBe(moneyString(real));
      },
    ),
    { numRuns: 500 },
  );
  expect(reminderDays(addDays('2026-12-01', 15), [1, 0])).toEqual(['2026-12-15', '2026-12-16']);
});
