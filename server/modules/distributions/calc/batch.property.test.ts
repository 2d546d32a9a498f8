/**
 * Properties of computed batches over random ledgers (seeded, thousands of runs): partners at random levels with
 * one to three paid tranches, the platform per level, principal returns, exits with and without the ledger's 承接,
 * entered adjustments, financing and overrides, every batch kind and every setting.
 */
import type Decimal from 'decimal.js';
import fc from 'fast-check';
import { dec, roundMoney, moneyString, decimalString } from '../../../../shared/money';
import type { LedgerEntry, Level } from '../../capital/calc/types';
import { computeBatch, type BatchInput } from './batch';
import { LEVELS, TOTAL_COLUMNS, type BatchKind, type BatchSuccess, type DistributionLine } from './types';

const DAY0 = Date.UTC(2018, 0, 1);
const iso = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10);
const cents = (n: number) => dec(n).dividedBy(100);
const Z = dec(0);

interface PartnerSpec {
  level: Level;
  payments: { day: number; cents: number }[];
  returnShare: number; // 0 = no principal return, else per mille of paid returned before the batch
  exit: null | { day: number; transferred: boolean };
  adjust: number[]; // cents, each with a reason
  financedShare: number | null; // per mille
  override: number | null; // cents (≤ 0)
}

const partnerArb: fc.Arbitrary<PartnerSpec> = fc.record({
  level: fc.constantFrom(...LEVELS),
  payments: fc.array(
    fc.record({ day: fc.integer({ min: 0, max: 1400 }), cents: fc.integer({ min: 10_000, max: 500_000_000 }) }),
    {
      minLength: 1,
      maxLength: 3,
    },
  ),
  returnShare: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })),
  exit: fc.option(fc.record({ day: fc.integer({ min: 0, max: 1600 }), transferred: fc.boolean() }), { freq: 3 }),
  adjust: fc.array(fc.integer({ min: -100, max: 100_000 }), { maxLength: 2 }),
  financedShare: fc.option(fc.integer({ min: 0, max: 1000 })),
  override: fc.option(fc.integer({ min: -1_000_000, max: 0 }), { freq: 6 }),
});

const scenarioArb = fc.record({
  partners: fc.array(partnerArb, { minLength: 1, maxLength: 10 }),
  platform: fc.array(fc.option(fc.integer({ min: 1, max: 900_000_000 })), { minLength: 4, maxLength: 4 }),
  batchDay: fc.integer({ min: 200, max: 1700 }),
  kind: fc.constantFrom<BatchKind>('PRINCIPAL', 'PROFIT', 'CLEARING'),
  p: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 2_000_000_000_00 })),
  rate: fc.integer({ min: 0, max: 150 }), // per mille a year
  base: fc.constantFrom<'ALL' | 'FINANCED'>('ALL', 'FINANCED'),
  dayCount: fc.constantFrom<'ACT/365' | 'ACT/360'>('ACT/365', 'ACT/360'),
  enabled: fc.boolean(),
  split: fc.constantFrom<'PRINCIPAL' | 'PRINCIPAL_DAYS'>('PRINCIPAL', 'PRINCIPAL_DAYS'),
  taxRate: fc.integer({ min: 0, max: 400 }), // per mille
  periodStart: fc.option(fc.integer({ min: 0, max: 1700 })),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The batch input a scenario describes (entries all carry ids, so list order never matters). */
function build(s: Scenario): BatchInput {
  const entries: LedgerEntry[] = [];
  let id = 1;
  const add = (e: Omit<LedgerEntry, 'id' | 'interestDelta'>) => entries.push({ ...e, id: id++, interestDelta: Z });
  const date = iso(s.batchDay);
  s.platform.forEach((amount, i) => {
    if (amount === null) return;
    const level = LEVELS[i];
    add({
      level,
      holder: 'PLATFORM',
      userId: null,
      kind: 'COMMITMENT',
      committedDelta: cents(amount),
      paidDelta: Z,
      valueDate: iso(0),
    });
    add({
      level,
      holder: 'PLATFORM',
      userId: null,
      kind: 'PAYMENT',
      committedDelta: Z,
      paidDelta: cents(amount),
      valueDate: iso(0),
    });
  });
  const exits: { userId: number; exitDate: string }[] = [];
  s.partners.forEach((p, i) => {
    const userId = 101 + i;
    const days = p.payments.map((x) => x.day);
    const first = Math.min(...days);
    const last = Math.max(...days);
    const total = p.payments.reduce((a, x) => a + x.cents, 0);
    const base = { level: p.level, holder: 'PARTNER' as const, userId };
    add({ ...base, kind: 'COMMITMENT', committedDelta: cents(total), paidDelta: Z, valueDate: iso(first) });
    for (const x of p.payments)
      add({ ...base, kind: 'PAYMENT', committedDelta: Z, paidDelta: cents(x.cents), valueDate: iso(x.day) });
    if (p.exit) {
      const day = Math.max(last, p.exit.day);
      exits.push({ userId, exitDate: iso(day) });
      if (p.exit.transferred) {
        add({
          ...base,
          kind: 'TRANSFER_OUT',
          committedDelta: cents(-total),
          paidDelta: cents(-total),
          valueDate: iso(day),
        });
        add({
          level: p.level,
          holder: 'PLATFORM',
          userId: null,
          kind: 'TRANSFER_IN',
          committedDelta: cents(total),
          paidDelta: cents(total),
          valueDate: iso(day),
        });
      }
    } else if (p.returnShare > 0) {
      const back = Math.floor((total * p.returnShare) / 1000);
      if (back > 0)
        add({
          ...base,
          kind: 'PRINCIPAL_RETURN',
          committedDelta: Z,
          paidDelta: cents(-back),
          valueDate: iso(Math.max(last, s.batchDay - 30)),
        });
    }
  });
  // entered data only for partners who are holders at the date and take part (others are refused, tested apart)
  const takesPart = (i: number) => {
    const p = s.partners[i];
    if (Math.min(...p.payments.map((x) => x.day)) > s.batchDay) return false;
    return !(p.exit && Math.max(p.exit.day, ...p.payments.map((x) => x.day)) <= s.batchDay);
  };
  const principalKind = s.kind !== 'PROFIT';
  const adjustments = principalKind
    ? s.partners.flatMap((p, i) =>
        takesPart(i)
          ? p.adjust.map((c, k) => ({
              level: p.level,
              userId: 101 + i,
              amount: moneyString(cents(c)),
              reason: `调整 ${k + 1}`,
            }))
          : [],
      )
    : [];
  const financing = s.partners.flatMap((p, i) =>
    takesPart(i) && p.financedShare !== null
      ? [{ level: p.level, userId: 101 + i, share: decimalString(dec(p.financedShare).dividedBy(1000)) }]
      : [],
  );
  const interestOverrides = principalKind
    ? s.partners.flatMap((p, i) =>
        takesPart(i) && p.override !== null
          ? [{ level: p.level, userId: 101 + i, amount: moneyString(cents(p.override)), reason: '手工' }]
          : [],
      )
    : [];
  return {
    kind: s.kind,
    date,
    entries,
    levelRatios: { HOLDING: '0.01', GROUP: '0.0331', CITY: '0.006', OTHER: '0' },
    settings: {
      interest: {
        enabled: s.enabled,
        annualRate: decimalString(dec(s.rate).dividedBy(1000)),
        base: s.base,
        dayCount: s.dayCount,
      },
      profitSplit: s.split,
      taxRate: decimalString(dec(s.taxRate).dividedBy(1000)),
    },
    profit: s.kind === 'PRINCIPAL' ? null : { mode: 'ENTERED', amount: moneyString(cents(s.p)) },
    profitPeriodStart: s.periodStart === null ? null : iso(Math.min(s.periodStart, s.batchDay - 1)),
    adjustments,
    financing,
    interestOverrides,
    exits,
  };
}

function shuffle<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let x = seed || 1;
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const key = (l: DistributionLine) => `${l.level}:${l.userId ?? 'P'}`;
const snapshot = (r: BatchSuccess) =>
  Object.fromEntries(
    r.lines.map((l) => [
      key(l),
      [...TOTAL_COLUMNS.map((c) => moneyString(l[c])), decimalString(l.weight), l.marks.join(''), l.excluded ?? ''],
    ]),
  );
const sum = (xs: Decimal[]) => xs.reduce((a, x) => a.plus(x), Z);

const stats = { runs: 0, ok: 0, profitBatches: 0, excludedLines: 0, lines: 0, errors: new Map<string, number>() };

function check(s: Scenario, shuffleSeed: number) {
  const input = build(s);
  const r = computeBatch(input);
  stats.runs++;
  if (!r.ok) {
    for (const e of r.errors) stats.errors.set(e.code, (stats.errors.get(e.code) ?? 0) + 1);
    // the only refusals these scenarios can produce
    for (const e of r.errors) expect(['NEGATIVE_TOTAL', 'NO_ELIGIBLE_HOLDERS']).toContain(e.code);
    return;
  }
  stats.ok++;
  stats.lines += r.lines.length;
  const taxRate = dec(s.taxRate).dividedBy(1000);

  // 1. every column total is the sum of its lines, to the cent; the per-level table adds up to the totals
  for (const c of TOTAL_COLUMNS) {
    expect(r.totals[c].equals(sum(r.lines.map((l) => l[c])))).toBe(true);
    for (const l of r.lines) expect(l[c].decimalPlaces()).toBeLessThanOrEqual(2);
  }
  const totalRow = r.levels[4];
  expect(totalRow.profit.equals(r.totals.profit) && totalRow.payout.equals(r.totals.payout)).toBe(true);
  expect(totalRow.amount.equals(sum(r.levels.slice(0, 4).map((x) => x.amount)))).toBe(true);

  for (const l of r.lines) {
    // 2. the manual's identities
    expect(l.principalNet.equals(l.principal.plus(l.interest))).toBe(true);
    expect(l.principalTotal.equals(l.principalNet.plus(l.other))).toBe(true);
    expect(l.interest.lessThanOrEqualTo(0) && l.profit.greaterThanOrEqualTo(0)).toBe(true);
    // 3. tax only on profit: 0 when F = 0, never for the platform, else F × rate half-up
    if (l.profit.isZero() || l.holder === 'PLATFORM') expect(l.tax.isZero()).toBe(true);
    else expect(l.tax.equals(roundMoney(l.profit.times(taxRate)))).toBe(true);
    expect(l.profitNet.equals(l.profit.minus(l.tax))).toBe(true);
    // 4. no exited partner gets F in a batch on or after their exit date
    const exit = input.exits?.find((x) => x.userId === l.userId);
    if (exit && exit.exitDate <= r.date) {
      stats.excludedLines++;
      expect(l.profit.isZero() && l.payout.isZero() && l.excluded !== null).toBe(true);
    }
    if (s.kind === 'PROFIT') expect(l.principal.isZero() && l.interest.isZero() && l.other.isZero()).toBe(true);
    if (s.kind === 'PRINCIPAL') expect(l.profit.isZero() && l.tax.isZero()).toBe(true);
  }
  // 5. F sums to P exactly and each F is within a cent of its exact share
  if (s.kind !== 'PRINCIPAL') {
    stats.profitBatches++;
    const p = cents(s.p);
    expect(r.totals.profit.equals(p)).toBe(true);
    const w = sum(r.lines.map((l) => l.weight));
    if (!w.isZero())
      for (const l of r.lines) expect(l.profit.minus(p.times(l.weight).dividedBy(w)).abs().lessThan('0.01')).toBe(true);
  } else expect(r.totals.profit.isZero()).toBe(true);

  // 6. deterministic: shuffled entries and entered lines give the same per-holder result
  const again = computeBatch({
    ...input,
    entries: shuffle(input.entries, shuffleSeed),
    adjustments: shuffle(input.adjustments ?? [], shuffleSeed + 1),
    financing: shuffle(input.financing ?? [], shuffleSeed + 2),
    interestOverrides: shuffle(input.interestOverrides ?? [], shuffleSeed + 3),
    exits: shuffle(input.exits ?? [], shuffleSeed + 4),
  });
  expect(again.ok).toBe(true);
  if (again.ok) {
    expect(snapshot(again)).toEqual(snapshot(r));
    expect(again.lines.map(key)).toEqual(r.lines.map(key));
  }
}

describe('computed batches: properties', () => {
  afterAll(() => {
    console.log(
      `distribution properties: ${stats.runs} batches, ${stats.ok} computed (${stats.profitBatches} with profit), ` +
        `${stats.lines} lines, ${stats.excludedLines} exited-partner lines; refusals ${JSON.stringify(Object.fromEntries(stats.errors))}`,
    );
  });

  it('totals, identities, tax, P, exits and input order hold on random ledgers', () => {
    fc.assert(fc.property(scenarioArb, fc.integer({ min: 1, max: 1_000_000 }), check), {
      numRuns: 4000,
      seed: 20261201,
    });
    expect(stats.ok).toBeGreaterThan(stats.runs * 0.8);
  });

  it('small P over many holders: ties and remainders are settled to the cent, F still sums to P', () => {
    fc.assert(
      fc.property(
        scenarioArb.map((s) => ({ ...s, kind: 'PROFIT' as const, p: s.p % 1000 })),
        fc.integer({ min: 1, max: 1_000_000 }),
        check,
      ),
      { numRuns: 1200, seed: 777 },
    );
  });
});
