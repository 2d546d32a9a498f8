/**
 * Properties of voucher generation: every voucher balances to the cent; per period, what the vouchers carry per
 * movement kind equals the movements that period receives (exported months pushing theirs to the next open one);
 * a reversal nets its voucher to zero; after a change, reversal + new voucher across periods equal the new figures.
 */
import fc from 'fast-check';
import { dec, moneyString, type Dec } from '../../../../shared/money';
import { VOUCHER_MOVEMENT_KINDS, type TVoucherMovementKind } from '../../../../shared/api/vouchers';
import { DEFAULT_VOUCHER_RULES } from './default-rules';
import { amountsByKind, generateVouchers, reversalLines, totalsOf } from './generate';
import { movementsFrom } from './movements';
import { effectivePeriod, lastDayOf, periodOf, planPeriod, type StoredVoucherRef } from './plan';
import type { DraftVoucher, Movement, VoucherRuleSpec } from './types';

const PERIODS = ['2026-01', '2026-02', '2026-03', '2026-04'];
const cents = fc.integer({ min: -5_000_000_00, max: 5_000_000_00 });
const amountOf = (c: number) => dec(c).dividedBy(100);

const movementArb = fc.record({
  kind: fc.constantFrom(...VOUCHER_MOVEMENT_KINDS),
  cents,
  month: fc.integer({ min: 0, max: 2 }),
  day: fc.integer({ min: 1, max: 28 }),
  partner: fc.integer({ min: 1, max: 4 }),
  project: fc.integer({ min: 1, max: 2 }),
  batch: fc.integer({ min: 1, max: 3 }),
});
const movementsArb = fc.array(movementArb, { maxLength: 40 }).map((ms) =>
  ms.map((m, i): Movement => ({
    key: `m:${i}`,
    kind: m.kind,
    amount: amountOf(m.cents),
    date: `${PERIODS[m.month]}-${String(m.day).padStart(2, '0')}`,
    batchKey: `b:${m.batch}`,
    batchLabel: `第${m.batch}批`,
    project: { id: m.project, code: `P${m.project}`, name: `项目${m.project}` },
    counterparty:
      m.partner === 4
        ? { id: null, name: '平台公司', code: null }
        : { id: m.partner, name: `合伙人${m.partner}`, code: `u${m.partner}` },
    source: { type: 'CAPITAL_ENTRY', id: i + 1 },
  })),
);
const rulesArb = fc
  .array(fc.constantFrom<'MOVEMENT' | 'BATCH'>('MOVEMENT', 'BATCH'), {
    minLength: VOUCHER_MOVEMENT_KINDS.length,
    maxLength: VOUCHER_MOVEMENT_KINDS.length,
  })
  .map((gs) => {
    const out = {} as Record<TVoucherMovementKind, VoucherRuleSpec>;
    VOUCHER_MOVEMENT_KINDS.forEach((k, i) => (out[k] = { ...DEFAULT_VOUCHER_RULES[k], grouping: gs[i]! }));
    return out;
  });
const exportedArb = fc.subarray(PERIODS.slice(0, 3)).map((ps) => new Set(ps));

const sumByKind = (ms: readonly Movement[]) => {
  const out = new Map<TVoucherMovementKind, Dec>();
  for (const m of ms) if (!m.amount.isZero()) out.set(m.kind, (out.get(m.kind) ?? dec(0)).plus(m.amount));
  return out;
};
const asStrings = (m: Map<TVoucherMovementKind, Dec>) =>
  Object.fromEntries([...m].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, moneyString(v)]));

/** What a run over every open period in order would store. */
type Written = { period: string; voucher: DraftVoucher; reversal: boolean };
/**
 * What generating every open period in order stores, as the use case does it: for each period the vouchers of the
 * movements up to its last day.
 */
function runAll(
  ms: readonly Movement[],
  rules: Record<TVoucherMovementKind, VoucherRuleSpec>,
  exported: Set<string>,
  stored: StoredVoucherRef[] = [],
  before: readonly Written[] = [],
) {
  const written: Written[] = [];
  for (const p of PERIODS) {
    if (exported.has(p)) continue;
    const desired = generateVouchers(
      ms.filter((m) => m.date <= lastDayOf(p)),
      rules,
    );
    const plan = planPeriod(p, desired, stored, exported);
    for (const r of plan.reverse) {
      const old = [...before, ...written].find(
        (w) => !w.reversal && w.voucher.groupKey === r.groupKey && w.period === r.period,
      )!;
      written.push({ period: p, voucher: { ...old.voucher, lines: reversalLines(old.voucher.lines) }, reversal: true });
      stored.splice(stored.indexOf(r), 1);
    }
    for (const c of plan.create) {
      written.push({ period: p, voucher: c, reversal: false });
      stored.push({ id: stored.length + 1000, groupKey: c.groupKey, period: p, fingerprint: c.fingerprint });
    }
  }
  return { written, stored };
}

it('every generated voucher balances to the cent (Σ debit = Σ credit), and carries each movement once', () => {
  fc.assert(
    fc.property(movementsArb, rulesArb, (ms, rules) => {
      const vs = generateVouchers(ms, rules);
      for (const v of vs) {
        const t = totalsOf(v.lines);
        expect(t.balanced).toBe(true);
        expect(v.lines.every((l) => l.debit.decimalPlaces() <= 2 && l.credit.decimalPlaces() <= 2)).toBe(true);
      }
      expect(asStrings(amountsByKind(vs.flatMap((v) => v.lines)))).toEqual(asStrings(sumByKind(ms)));
    }),
    { numRuns: 300 },
  );
});

it("per period, the vouchers carry per kind exactly the ledger's movements of that period (exported months move on)", () => {
  fc.assert(
    fc.property(movementsArb, rulesArb, exportedArb, (ms, rules, exported) => {
      const { written } = runAll(ms, rules, exported);
      for (const p of PERIODS) {
        if (exported.has(p)) continue;
        // batch vouchers completed by a later month are reversed and re-issued there: the net is still the month's
        const lines = written.filter((w) => w.period === p).flatMap((w) => w.voucher.lines);
        const own = ms.filter((m) => effectivePeriod(periodOf(m.date), exported) === p);
        expect(asStrings(amountsByKind(lines))).toEqual(asStrings(sumByKind(own)));
        for (const w of written.filter((x) => x.period === p)) expect(totalsOf(w.voucher.lines).balanced).toBe(true);
      }
      // generating every period once more writes nothing
      const again = runAll(ms, rules, exported, runAll(ms, rules, exported).stored);
      expect(again.written).toEqual([]);
    }),
    { numRuns: 300 },
  );
});

it('a reversal nets its voucher to zero, line by line and per kind', () => {
  fc.assert(
    fc.property(movementsArb, rulesArb, (ms, rules) => {
      for (const v of generateVouchers(ms, rules)) {
        const both = [...v.lines, ...reversalLines(v.lines)];
        const t = totalsOf(both);
        expect(t.debit.isZero() && t.credit.isZero()).toBe(true);
        expect(asStrings(amountsByKind(both))).toEqual({});
      }
    }),
    { numRuns: 200 },
  );
});

it('a changed record after 已导出 gives a reversal and a new voucher in the next period; the net is the new figures', () => {
  fc.assert(
    fc.property(movementsArb, rulesArb, fc.nat(), cents, (ms, rules, pick, newCents) => {
      fc.pre(ms.length > 0);
      const first = runAll(ms, rules, new Set());
      // every period exported except the last; one movement changes its amount
      const exported = new Set(PERIODS.slice(0, 3));
      const changed = ms.map((m, i) => (i === pick % ms.length ? { ...m, amount: amountOf(newCents) } : m));
      const again = runAll(changed, rules, exported, first.stored.slice(), first.written);
      const all = [...first.written, ...again.written].flatMap((w) => w.voucher.lines);
      expect(asStrings(amountsByKind(all))).toEqual(asStrings(sumByKind(changed)));
      expect(again.written.every((w) => w.period === '2026-04')).toBe(true);
      // idempotent: generating once more writes nothing
      const third = planPeriod('2026-04', generateVouchers(changed, rules), again.stored, exported);
      expect(third.create.length + third.reverse.length).toBe(0);
    }),
    { numRuns: 200 },
  );
});

it('the movements of a paid distribution line net to what the bank paid (A − B + C + F − 代扣税 = 实发)', () => {
  fc.assert(
    fc.property(cents, cents, cents, cents, cents, (a, b, c, f, tax) => {
      const A = amountOf(Math.abs(a));
      const B = amountOf(-Math.abs(b));
      const [C, F, T] = [amountOf(c), amountOf(Math.abs(f)), amountOf(Math.abs(tax))];
      const ctx = { projects: new Map(), people: new Map(), batches: new Map([[9, '本金分配']]) };
      const ms = movementsFrom(
        [
          {
            id: 1,
            projectId: 1,
            kind: 'PRINCIPAL_RETURN',
            paidDelta: A.negated(),
            valueDate: '2026-02-01',
            userId: 5,
            dueKind: null,
            roundId: null,
            adjustmentId: null,
            exitId: null,
            distributionId: 9,
            reversed: null,
          },
        ],
        [
          {
            id: 2,
            batchId: 9,
            projectId: 1,
            userId: 5,
            name: '甲',
            interest: B,
            other: C,
            profit: F,
            tax: T,
            paidAt: '2026-02-01',
          },
        ],
        [],
        ctx,
      );
      const bank = generateVouchers(ms, DEFAULT_VOUCHER_RULES)
        .flatMap((v) => v.lines)
        .filter((l) => l.accountCode === '1002')
        .reduce((s, l) => s.plus(l.credit).minus(l.debit), dec(0));
      expect(moneyString(bank)).toBe(moneyString(A.plus(B).plus(C).plus(F).minus(T)));
    }),
    { numRuns: 200 },
  );
});
