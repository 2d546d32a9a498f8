import fc from 'fast-check';
import { dec, moneyString, formatDecimal } from '../../../../shared/money';
import { floorToUnit } from '../../../../shared/scheme-math';
import {
  adjustForPeakChange,
  adjustmentEntries,
  reviseAdjustment,
  type AdjustmentInput,
  type AdjustmentPartner,
} from './adjustment';
import { checkInvariant, initialCommitments } from './ledger';
import type { Caps, Level } from './types';

const caps = (h: string, g = '0', c = '0', o = '0'): Caps => ({
  HOLDING: dec(h),
  GROUP: dec(g),
  CITY: dec(c),
  OTHER: dec(o),
});
const p = (
  userId: number,
  level: Level,
  committed: string,
  paid: string,
  min = '0',
  max = '1e12',
): AdjustmentPartner => ({
  userId,
  level,
  committed: dec(committed),
  paid: dec(paid),
  min: dec(min),
  max: dec(max),
});
function run(input: Omit<AdjustmentInput, 'unit' | 'personCap'> & Partial<AdjustmentInput>) {
  const r = adjustForPeakChange({ unit: dec(1), personCap: null, ...input });
  if (!r.ok) throw new Error(r.message);
  return r;
}
const view = (r: ReturnType<typeof run>, level: Level = 'CITY') =>
  r.lines.filter((l) => l.level === level).map((l) => [l.userId, moneyString(l.newCommitted), moneyString(l.delta)]);

describe('立项调整 (adjustForPeakChange)', () => {
  it('scales every commitment by newCap / oldCap, largest remainder to the unit, the platform takes the rest', () => {
    // 城市公司 cap 1,000,000.40 → 1,200,000.70 (ratio 1.2000…): partners 500,000 / 300,001 / 199,999
    const r = run({
      oldCaps: caps('0', '0', '1000000.40'),
      newCaps: caps('0', '0', '1200000.70'),
      partners: [p(1, 'CITY', '500000', '500000'), p(2, 'CITY', '300001', '0'), p(3, 'CITY', '199999', '100000')],
    });
    const lvl = r.levels.find((l) => l.level === 'CITY')!;
    expect(formatDecimal(lvl.scaledTotal, 4)).toBe('1200000.2200'); // 1,000,000 × 1,200,000.70 / 1,000,000.40 = 1,200,000.2199…
    expect(moneyString(lvl.newPartners)).toBe('1200000.00');
    expect(view(r)).toEqual([
      [1, '600000.00', '100000.00'],
      [2, '360001.00', '60000.00'],
      [3, '239999.00', '40000.00'],
      [null, '0.70', '0.30'],
    ]);
    const entries = [
      ...initialCommitments(
        [
          { userId: 1, level: 'CITY', amount: dec(500000) },
          { userId: 2, level: 'CITY', amount: dec(300001) },
          { userId: 3, level: 'CITY', amount: dec(199999) },
        ],
        caps('0', '0', '1000000.40'),
        '2019-06-01',
      ),
      ...adjustmentEntries(r.lines, '2020-05-27'),
    ];
    expect(checkInvariant(entries, caps('0', '0', '1200000.70'))).toEqual([]);
  });

  it('a reduction below what was paid says 退款 and by how much', () => {
    const r = run({
      oldCaps: caps('0', '0', '100000'),
      newCaps: caps('0', '0', '80000'),
      partners: [p(1, 'CITY', '60000', '60000'), p(2, 'CITY', '40000', '10000')],
    });
    const [a, b] = r.lines;
    expect([moneyString(a.newCommitted), moneyString(a.refund), moneyString(a.outstanding)]).toEqual([
      '48000.00',
      '12000.00',
      '-12000.00',
    ]);
    expect(a.message).toBe('调整后认缴 ¥48,000.00 低于已实缴 ¥60,000.00，需退款 ¥12,000.00。');
    expect([moneyString(b.newCommitted), moneyString(b.refund), moneyString(b.outstanding), b.message]).toEqual([
      '32000.00',
      '0.00',
      '22000.00',
      null,
    ]);
  });

  it('clamps at the 认购上限 and re-shares the excess pro rata; what nobody can take goes to the platform', () => {
    const r = run({
      oldCaps: caps('0', '0', '100000'),
      newCaps: caps('0', '0', '200000'),
      partners: [p(1, 'CITY', '50000', '0', '0', '60000'), p(2, 'CITY', '30000', '0'), p(3, 'CITY', '20000', '0')],
    });
    // exact 100,000 / 60,000 / 40,000 → #1 pinned at 60,000; 140,000 re-shared 3:2 → 84,000 / 56,000
    expect(view(r)).toEqual([
      [1, '60000.00', '10000.00'],
      [2, '84000.00', '54000.00'],
      [3, '56000.00', '36000.00'],
      [null, '0.00', '0.00'],
    ]);
    expect(r.lines[0].clamped).toBe('MAX');
    expect(r.lines[0].message).toContain('受认购上限 ¥60,000.00 限制');
    const everyoneCapped = run({
      oldCaps: caps('0', '0', '100000'),
      newCaps: caps('0', '0', '200000'),
      partners: [p(1, 'CITY', '50000', '0', '0', '70000'), p(2, 'CITY', '50000', '0', '0', '90000')],
    });
    expect(view(everyoneCapped)).toEqual([
      [1, '70000.00', '20000.00'],
      [2, '90000.00', '40000.00'],
      [null, '40000.00', '40000.00'],
    ]);
  });

  it('keeps each person within the per-person cap counting their other levels', () => {
    const r = run({
      oldCaps: caps('100000', '0', '100000'),
      newCaps: caps('200000', '0', '200000'),
      personCap: dec('150000'),
      partners: [p(1, 'HOLDING', '50000', '0'), p(1, 'CITY', '50000', '0'), p(2, 'CITY', '50000', '0')],
    });
    // 控股集团 first: #1 → 100,000; then 城市公司 room = 150,000 − 100,000 = 50,000 → #1 stays at 50,000
    expect(view(r, 'HOLDING')).toEqual([
      [1, '100000.00', '50000.00'],
      [null, '100000.00', '50000.00'],
    ]);
    expect(view(r, 'CITY')).toEqual([
      [1, '50000.00', '0.00'],
      [2, '150000.00', '100000.00'],
      [null, '0.00', '0.00'],
    ]);
    expect(r.lines.find((l) => l.level === 'CITY' && l.userId === 1)!.clamped).toBe('PERSON_CAP');
  });

  it('never goes above the new shareable cap (the sub-unit remainder stays with the platform)', () => {
    // partners hold the whole shareable part of 100.60; new cap 101.70 → scaled 100 × 101.7 / 100.6 = 101.09… → 101
    const r = run({
      oldCaps: caps('100.60'),
      newCaps: caps('101.70'),
      partners: [p(1, 'HOLDING', '100', '0')],
    });
    expect(view(r, 'HOLDING')).toEqual([
      [1, '101.00', '1.00'],
      [null, '0.70', '0.10'],
    ]);
    const capped = run({ oldCaps: caps('100.01'), newCaps: caps('101.99'), partners: [p(1, 'HOLDING', '100', '0')] });
    // 100 × 101.99 / 100.01 = 101.9798 → 102 > shareable 101 → 101
    expect(view(capped, 'HOLDING')).toEqual([
      [1, '101.00', '1.00'],
      [null, '0.99', '0.98'],
    ]);
  });

  it('a level whose old cap was 0 gives the whole new cap to the platform; a new cap of 0 refunds everyone', () => {
    const r = run({
      oldCaps: caps('0', '5000'),
      newCaps: caps('3000.50', '0'),
      partners: [p(1, 'GROUP', '5000', '2000')],
    });
    expect(view(r, 'HOLDING')).toEqual([[null, '3000.50', '3000.50']]);
    expect(view(r, 'GROUP')).toEqual([
      [1, '0.00', '-5000.00'],
      [null, '0.00', '0.00'],
    ]);
    expect(moneyString(r.lines.find((l) => l.userId === 1)!.refund)).toBe('2000.00');
  });

  it('flags a line that falls below its 认购下限 without lifting it', () => {
    const r = run({
      oldCaps: caps('0', '0', '100000'),
      newCaps: caps('0', '0', '50000'),
      partners: [p(1, 'CITY', '100000', '0', '80000')],
    });
    expect(moneyString(r.lines[0].newCommitted)).toBe('50000.00');
    expect(r.lines[0].belowMin).toBe(true);
    expect(r.lines[0].message).toContain('低于认购下限 ¥80,000.00');
  });

  it('ties in the largest remainder go to the lower userId, whatever the input order', () => {
    const input = {
      oldCaps: caps('0', '0', '3'),
      newCaps: caps('0', '0', '4'),
      partners: [p(3, 'CITY', '1', '0'), p(1, 'CITY', '1', '0'), p(2, 'CITY', '1', '0')],
    };
    expect(view(run(input))).toEqual([
      [1, '2.00', '1.00'],
      [2, '1.00', '0.00'],
      [3, '1.00', '0.00'],
      [null, '0.00', '0.00'],
    ]);
  });

  it('refuses inconsistent input with a Chinese message', () => {
    const over = adjustForPeakChange({
      oldCaps: caps('100'),
      newCaps: caps('200'),
      unit: dec(1),
      personCap: null,
      partners: [p(1, 'HOLDING', '101', '0')],
    });
    expect(over).toMatchObject({ ok: false, code: 'LEDGER_OVER_CAP' });
    const frac = adjustForPeakChange({
      oldCaps: caps('100'),
      newCaps: caps('200'),
      unit: dec(1),
      personCap: null,
      partners: [p(1, 'HOLDING', '10.5', '0')],
    });
    expect(frac).toMatchObject({ ok: false, code: 'NOT_A_UNIT_MULTIPLE' });
    if (!frac.ok) expect(frac.message).toContain('不是分配单位');
  });
});

describe('reviseAdjustment (经营会计修改)', () => {
  const base = run({
    oldCaps: caps('0', '0', '100000.50'),
    newCaps: caps('0', '0', '120000.50'),
    personCap: dec('100000'),
    partners: [p(1, 'CITY', '60000', '60000', '0', '80000'), p(2, 'CITY', '40000', '0')],
  });

  it('applies an edit with its reason and gives the platform the rest', () => {
    expect(view(base)).toEqual([
      [1, '72000.00', '12000.00'],
      [2, '48000.00', '8000.00'],
      [null, '0.50', '0.00'],
    ]);
    const r = reviseAdjustment(
      base,
      [{ userId: 1, level: 'CITY', newCommitted: dec('50000'), reason: '本人申请减少' }],
      {
        unit: dec(1),
        personCap: dec('100000'),
      },
    );
    if (!r.ok) throw new Error(r.message);
    expect(view(r as ReturnType<typeof run>)).toEqual([
      [1, '50000.00', '-10000.00'],
      [2, '48000.00', '8000.00'],
      [null, '22000.50', '22000.00'],
    ]);
    expect(r.lines[0].message).toBe(
      '调整后认缴 ¥50,000.00 低于已实缴 ¥60,000.00，需退款 ¥10,000.00。经营会计修改：本人申请减少',
    );
    expect(moneyString(r.levels.find((l) => l.level === 'CITY')!.platformNew)).toBe('22000.50');
  });

  it('refuses edits without a reason, in fractions, above the shareable cap or the per-person cap', () => {
    const opts = { unit: dec(1), personCap: dec('100000') };
    const edit = (userId: number, v: string, reason = '调整') => [
      { userId, level: 'CITY' as const, newCommitted: dec(v), reason },
    ];
    expect(reviseAdjustment(base, edit(1, '50000', ' '), opts)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(reviseAdjustment(base, edit(1, '50000.5'), opts)).toMatchObject({ ok: false, code: 'NOT_A_UNIT_MULTIPLE' });
    const over = reviseAdjustment(base, edit(1, '72001'), opts);
    expect(over.ok ? '' : over.message).toContain('超过可分配额度 ¥120,000.00');
    const person = reviseAdjustment(base, [...edit(1, '10000'), ...edit(2, '100001')], opts);
    expect(person.ok ? '' : person.message).toContain('超过单人上限 ¥100,000.00');
  });
});

describe('立项调整 properties', () => {
  const unitArb = fc.constantFrom('1', '0.01', '100');
  const caseArb = fc.record({
    unit: unitArb,
    oldCapCents: fc.integer({ min: 0, max: 5_000_000_00 }),
    newCapCents: fc.integer({ min: 0, max: 5_000_000_00 }),
    personCapUnits: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
    partners: fc.uniqueArray(
      fc.record({
        userId: fc.integer({ min: 1, max: 50 }),
        share: fc.nat({ max: 1000 }),
        maxPct: fc.integer({ min: 0, max: 300 }),
      }),
      { maxLength: 8, selector: (x) => x.userId },
    ),
    shuffle: fc.nat(),
  });

  it('partners stay within bounds and the shareable cap, the platform takes the rest, rounding is within one unit', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const unit = dec(c.unit);
        const oldCap = dec(c.oldCapCents).dividedBy(100);
        const newCap = dec(c.newCapCents).dividedBy(100);
        // old commitments: shares of the old shareable part, whole units, Σ ≤ shareable(old)
        const totalShare = c.partners.reduce((s, x) => s + x.share, 0) || 1;
        const shareableOld = floorToUnit(oldCap, unit);
        const partners = c.partners.map((x) => {
          const committed = floorToUnit(shareableOld.times(x.share).dividedBy(totalShare), unit);
          return p(
            x.userId,
            'GROUP',
            moneyString(committed),
            '0',
            '0',
            moneyString(floorToUnit(committed.times(x.maxPct).dividedBy(100), unit)),
          );
        });
        const personCap = c.personCapUnits === null ? null : unit.times(c.personCapUnits);
        const input: AdjustmentInput = {
          oldCaps: caps('0', moneyString(oldCap)),
          newCaps: caps('0', moneyString(newCap)),
          unit,
          personCap,
          partners,
        };
        const r = adjustForPeakChange(input);
        if (!r.ok) throw new Error(r.message);
        const lines = r.lines.filter((l) => l.level === 'GROUP' && l.holder === 'PARTNER');
        const sum = lines.reduce((s, l) => s.plus(l.newCommitted), dec(0));
        const lv = r.levels.find((l) => l.level === 'GROUP')!;
        expect(sum.lessThanOrEqualTo(floorToUnit(newCap, unit))).toBe(true);
        expect(lv.platformNew.equals(newCap.minus(sum))).toBe(true);
        const clamped = lines.some((l) => l.clamped);
        for (const l of lines) {
          const src = partners.find((x) => x.userId === l.userId)!;
          expect(l.newCommitted.isNegative()).toBe(false);
          expect(l.newCommitted.mod(unit).isZero()).toBe(true);
          expect(l.newCommitted.lessThanOrEqualTo(src.max)).toBe(true);
          if (personCap) expect(l.newCommitted.lessThanOrEqualTo(personCap)).toBe(true);
          // nobody clamped: each line is within one unit of its exact proportional share of the rounded total
          if (!clamped && lv.oldPartners.greaterThan(0))
            expect(l.newCommitted.minus(src.committed.times(sum).dividedBy(lv.oldPartners)).abs().lessThan(unit)).toBe(
              true,
            );
        }
        // the same cap (and nobody clamped): nothing moves
        if (oldCap.equals(newCap) && !clamped) for (const l of lines) expect(l.delta.isZero()).toBe(true);
        // the input order does not matter
        const k = c.shuffle % (partners.length || 1);
        const again = adjustForPeakChange({ ...input, partners: [...partners.slice(k), ...partners.slice(0, k)] });
        expect(again.ok && again.lines.map((l) => `${l.userId}:${moneyString(l.newCommitted)}`)).toEqual(
          r.lines.map((l) => `${l.userId}:${moneyString(l.newCommitted)}`),
        );
      }),
      { numRuns: 2000, seed: 20261201 },
    );
  });
});
