/**
 * Properties of exits on random ledgers (fast-check, seeded): after any sequence of exits and 承接 the cap invariant
 * holds; nobody exits twice; 0 ≤ price ≤ principal + interest; 辞退 ≤ 离职 ≤ 退休 on the same facts; deterministic.
 */
import fc from 'fast-check';
import type Decimal from 'decimal.js';
import { dec, decimalString } from '../../../../shared/money';
import {
  checkInvariant,
  entryShapeError,
  initialCommitments,
  paidTranches,
  positions,
} from '../../capital/calc/ledger';
import { LEVELS, PLATFORM, type Caps, type LedgerEntry, type Level } from '../../capital/calc/types';
import { isExitedAt } from './exited';
import { exitInputsFingerprint } from './fingerprint';
import { priceExit, type ExitPricingInput } from './price';
import { BUILT_IN_EXIT_LABEL, BUILT_IN_EXIT_TYPES, DEFAULT_EXIT_RULES, type BuiltInExitType } from './rules';
import { transferEntries } from './transfer';

const RUNS = Number(process.env.EXIT_PROPERTY_RUNS ?? 2000);
const day = (n: number) => new Date(Date.UTC(2019, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
const cents = (n: number | Decimal) => dec(n).dividedBy(100);

const arbHolding = fc.record({
  userId: fc.integer({ min: 1, max: 4 }),
  level: fc.constantFrom(...LEVELS),
  committed: fc.integer({ min: 1, max: 50_000_000_00 }),
  payments: fc.array(fc.record({ day: fc.integer({ min: 0, max: 700 }), share: fc.integer({ min: 1, max: 100 }) }), {
    minLength: 1,
    maxLength: 3,
  }),
  returnPct: fc.integer({ min: 0, max: 100 }),
  entryInterest: fc.option(fc.integer({ min: 1, max: 1_000_000_00 }), { nil: undefined }),
  changePct: fc.option(fc.integer({ min: -50, max: 50 }), { nil: undefined }),
  changeDay: fc.integer({ min: 0, max: 730 }),
});

const arbLedger = fc.record({
  holdings: fc.array(arbHolding, { minLength: 2, maxLength: 10 }),
  platformExtra: fc.tuple(
    fc.integer({ min: 0, max: 10_000_000_00 }),
    fc.integer({ min: 0, max: 10_000_000_00 }),
    fc.integer({ min: 0, max: 10_000_000_00 }),
    fc.integer({ min: 0, max: 10_000_000_00 }),
  ),
});

const arbExit = fc.record({
  userId: fc.integer({ min: 1, max: 5 }), // 5 never holds anything
  // mostly after the ledger's last movement (2020-12-31), sometimes inside it (before a payment, before later entries)
  day: fc.oneof(
    { arbitrary: fc.integer({ min: 731, max: 1500 }), weight: 4 },
    { arbitrary: fc.integer({ min: 0, max: 730 }), weight: 1 },
  ),
  type: fc.constantFrom(...BUILT_IN_EXIT_TYPES),
  navPct: fc.integer({ min: -10, max: 150 }),
  profitPct: fc.integer({ min: 0, max: 40 }),
  discountPct: fc.integer({ min: 0, max: 100 }),
  owedCents: fc.integer({ min: 0, max: 100_000_00 }),
  lowerOfNav: fc.boolean(),
});

/** A valid random ledger: 立项 commitments (platform = cap − partners), payments, principal returns, 立项调整, entry interest. */
type LedgerSpec = typeof arbLedger extends fc.Arbitrary<infer T> ? T : never;

function buildLedger(spec: LedgerSpec): { entries: LedgerEntry[]; caps: Caps } {
  const seen = new Set<string>();
  const hs = spec.holdings.filter((h) => {
    const k = `${h.userId}:${h.level}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const caps = {} as Caps;
  LEVELS.forEach((level, i) => {
    const partners = hs.filter((h) => h.level === level).reduce((s, h) => s + h.committed, 0);
    const raises = hs
      .filter((h) => h.level === level && (h.changePct ?? 0) > 0)
      .reduce((s, h) => s + Math.floor((h.committed * (h.changePct ?? 0)) / 100), 0);
    caps[level] = cents(partners + raises + spec.platformExtra[i]!);
  });
  const entries: LedgerEntry[] = initialCommitments(
    hs.map((h) => ({ userId: h.userId, level: h.level, amount: cents(h.committed) })),
    caps,
    '2019-01-01',
  );
  const z = dec(0);
  const base = (level: Level, userId: number | null) => ({
    level,
    holder: userId === null ? ('PLATFORM' as const) : ('PARTNER' as const),
    userId,
    committedDelta: z,
    paidDelta: z,
    interestDelta: z,
    reversalOfId: null,
  });
  for (const h of hs) {
    const n = h.payments.length;
    let paid = 0;
    let last = 0;
    for (const p of [...h.payments].sort((a, b) => a.day - b.day)) {
      const amount = Math.floor((h.committed * p.share) / 100 / n);
      if (amount <= 0) continue;
      paid += amount;
      last = p.day;
      entries.push({ ...base(h.level, h.userId), kind: 'PAYMENT', paidDelta: cents(amount), valueDate: day(p.day) });
    }
    const back = Math.floor((paid * h.returnPct) / 100);
    if (back > 0)
      entries.push({
        ...base(h.level, h.userId),
        kind: 'PRINCIPAL_RETURN',
        paidDelta: cents(-back),
        valueDate: day(last + 1 + (h.changeDay % 30)),
      });
    if (h.entryInterest !== undefined && paid > 0)
      entries.push({
        ...base(h.level, h.userId),
        kind: 'ENTRY_INTEREST',
        interestDelta: cents(h.entryInterest),
        valueDate: day(last),
      });
    const change = Math.trunc((h.committed * (h.changePct ?? 0)) / 100);
    if (change !== 0) {
      entries.push({
        ...base(h.level, h.userId),
        kind: 'COMMITMENT_CHANGE',
        committedDelta: cents(change),
        valueDate: day(h.changeDay),
      });
      entries.push({
        ...base(h.level, null),
        kind: 'COMMITMENT_CHANGE',
        committedDelta: cents(-change),
        valueDate: day(h.changeDay),
      });
    }
  }
  return { entries: entries.map((e, i) => ({ ...e, id: i + 1 })), caps };
}

const stats = { runs: 0, attempts: 0, priced: 0, completed: 0, refusedTwice: 0, errors: {} as Record<string, number> };

describe('exit properties on random ledgers', () => {
  afterAll(() => console.log(`exit properties: ${JSON.stringify(stats)}`));

  it('invariant after any sequence of exits; nobody exits twice; 0 ≤ price ≤ principal + interest; ordered by type; deterministic', () => {
    fc.assert(
      fc.property(arbLedger, fc.array(arbExit, { maxLength: 8 }), (spec, exits) => {
        stats.runs++;
        const { entries: start, caps } = buildLedger(spec);
        expect(checkInvariant(start, caps)).toEqual([]);
        let entries = start;
        let nextId = entries.length + 1;
        const exited = new Map<number, string>();
        for (const x of exits) {
          stats.attempts++;
          const exitDate = day(x.day);
          const held = positions(entries.filter((e) => e.holder === 'PARTNER' && e.userId === x.userId));
          const committedAt = (level: Level) => held.find((p) => p.level === level)?.committed ?? dec(0);
          const perLevel = (pct: number) =>
            Object.fromEntries(LEVELS.map((l) => [l, committedAt(l).times(pct).dividedBy(100).toDecimalPlaces(2)]));
          const facts = {
            userId: x.userId,
            exitDate,
            entries,
            nav: perLevel(x.navPct),
            received: Object.fromEntries(
              LEVELS.map((l) => [
                l,
                { profitReceived: committedAt(l).times(x.profitPct).dividedBy(100).toDecimalPlaces(2) },
              ]),
            ),
            financingInterestOwed: { [LEVELS[x.day % 4]!]: cents(x.owedCents) },
          };
          const input: ExitPricingInput = {
            ...facts,
            exitType: { code: x.type, label: BUILT_IN_EXIT_LABEL[x.type] },
            rule: {
              ...DEFAULT_EXIT_RULES[x.type],
              lowerOfNav: x.lowerOfNav,
              discountRate: decimalString(dec(x.discountPct).dividedBy(100)),
            },
          };
          const r = priceExit(input);
          // deterministic: same inputs, same 测算 and fingerprint
          expect(priceExit(input)).toEqual(r);
          if (exited.has(x.userId)) {
            expect(r).toMatchObject({ ok: false, code: 'ALREADY_EXITED' });
            stats.refusedTwice++;
            continue;
          }
          if (!r.ok) {
            expect(['BEFORE_FIRST_PAYMENT', 'NO_HOLDING']).toContain(r.code);
            stats.errors[r.code] = (stats.errors[r.code] ?? 0) + 1;
            continue;
          }
          stats.priced++;
          expect(r.fingerprint).toBe(exitInputsFingerprint(input));
          let total = dec(0);
          for (const h of r.holdings) {
            const price = dec(h.price);
            const counted = h.lines.filter((l) => l.counts).reduce((s, l) => s.plus(dec(l.amount)), dec(0));
            const interest = dec(h.lines.find((l) => l.code === 'INTEREST')?.amount ?? 0);
            expect(counted.equals(price)).toBe(true);
            expect(price.isNegative()).toBe(false);
            expect(price.lessThanOrEqualTo(dec(h.paid).plus(interest))).toBe(true);
            for (const l of h.lines) expect(dec(l.amount).decimalPlaces()).toBeLessThanOrEqual(2);
            total = total.plus(price);
          }
          expect(dec(r.total).equals(total)).toBe(true);
          // 辞退 ≤ 离职 ≤ 退休 on the same facts (default rules, NAV given)
          const byType = (t: BuiltInExitType) => {
            const p = priceExit({ ...facts, exitType: { code: t, label: '' }, rule: DEFAULT_EXIT_RULES[t] });
            if (!p.ok) throw new Error(p.message);
            return dec(p.total);
          };
          expect(byType('DISMISSAL').lessThanOrEqualTo(byType('RESIGNATION'))).toBe(true);
          expect(byType('RESIGNATION').lessThanOrEqualTo(byType('RETIREMENT'))).toBe(true);

          const t = transferEntries(entries, r, { exitId: stats.attempts });
          const later = entries.some((e) => e.holder === 'PARTNER' && e.userId === x.userId && e.valueDate > exitDate);
          if (later) {
            expect(t).toMatchObject({ ok: false, code: 'CHANGED_SINCE_PRICING' });
            continue;
          }
          if (!t.ok) throw new Error(t.message);
          for (const e of t.entries) expect(entryShapeError(e)).toBeNull();
          entries = [...entries, ...t.entries.map((e) => ({ ...e, id: nextId++ }))];
          exited.set(x.userId, exitDate);
          stats.completed++;
          expect(checkInvariant(entries, caps)).toEqual([]);
          const left = positions(entries).filter((p) => p.holder === 'PARTNER' && p.userId === x.userId);
          for (const p of left) expect(p.committed.isZero() && p.paid.isZero()).toBe(true);
          for (const level of LEVELS) expect(() => paidTranches(entries, PLATFORM, level)).not.toThrow();
          expect(isExitedAt(entries, x.userId, exitDate)).toBe(true);
          if (x.day > 0) expect(isExitedAt(entries, x.userId, day(x.day - 1))).toBe(false);
          // the second 承接 of the same 测算 is refused
          expect(transferEntries(entries, r)).toMatchObject({ ok: false, code: 'ALREADY_EXITED' });
        }
        expect(checkInvariant(entries, caps)).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    expect(stats.completed).toBeGreaterThan(RUNS / 4);
  });
});
