import { changeWords, compareIndicators, compareMilestones, highlights, milestoneNote } from './compare';
import { detectAttachmentType } from '../attachment-types';

const approval = {
  salesRevenue: '1000.00',
  totalCost: '0.00',
  netProfit: '300.00',
  netMargin: '10',
  irr: '15.5',
  paybackMonths: 24,
};

describe('盈亏动态 against 立项', () => {
  it('gives the difference and its rate per field, half-up to 2 places, null where a value is missing or 立项 is 0', () => {
    const rows = compareIndicators(approval, {
      salesRevenue: '1000.01',
      totalCost: '10.00',
      netProfit: '200.00',
      netMargin: '9.25',
      irr: null,
      paybackMonths: 20,
    });
    const by = Object.fromEntries(rows.map((r) => [r.field, r]));
    expect(by.salesRevenue).toMatchObject({ diff: '0.01', diffPct: '0.00' });
    expect(by.totalCost).toMatchObject({ diff: '10.00', diffPct: null });
    expect(by.netProfit).toMatchObject({ diff: '-100.00', diffPct: '-33.33' });
    expect(by.netMargin).toMatchObject({ diff: '-0.75', diffPct: '-7.50' });
    expect(by.irr).toMatchObject({ dynamic: null, diff: null, diffPct: null });
    expect(by.paybackMonths).toMatchObject({ approval: '24', dynamic: '20', diff: '-4', diffPct: '-16.67' });
    expect(compareIndicators(null, approval).every((r) => r.diff === null)).toBe(true);
  });

  it('says the change in words', () => {
    const rows = compareIndicators(approval, { ...approval, netProfit: '330.00', irr: '14', paybackMonths: 27 });
    const by = Object.fromEntries(rows.map((r) => [r.field, r]));
    expect(changeWords(by.netProfit!)).toBe('多 ¥30.00（+10.00%）');
    expect(changeWords(by.irr!)).toBe('低 1.5 个百分点');
    expect(changeWords(by.paybackMonths!)).toBe('延后 3 个月');
    expect(changeWords(by.salesRevenue!)).toBe('持平');
    expect(highlights(rows, [])[0]).toBe('预计净利润为 ¥330.00，比立项时多 ¥30.00（+10.00%）。');
  });

  it('measures milestones against their plan in days', () => {
    const ms = compareMilestones(
      [
        { kind: 'SALES_START', plannedOn: '2026-03-01' },
        { kind: 'LAND', plannedOn: '2024-02-28' },
      ],
      [
        { kind: 'LAND', actualOn: '2024-03-01' },
        { kind: 'DELIVERY', actualOn: '2028-01-01' },
      ],
    );
    expect(ms.map((m) => [m.kind, m.delayDays])).toEqual([
      ['LAND', 2], // 2024 is a leap year
      ['SALES_START', null],
    ]);
    expect(milestoneNote(ms[0]!)).toBe('已完成，晚 2 天');
    expect(milestoneNote(ms[1]!)).toBe('未完成');
  });
});

describe('disclosure attachments', () => {
  const pdf = [0x25, 0x50, 0x44, 0x46, 0x2d];
  const zip = [0x50, 0x4b, 0x03, 0x04];
  it('are recognised by content and name together', () => {
    expect(detectAttachmentType('a.pdf', new Uint8Array(pdf))?.mime).toBe('application/pdf');
    expect(detectAttachmentType('a.PDF', new Uint8Array(pdf))?.mime).toBe('application/pdf');
    expect(detectAttachmentType('a.xlsx', new Uint8Array(zip))?.mime).toContain('spreadsheetml');
    expect(detectAttachmentType('a.exe', new Uint8Array(zip))).toBeNull();
    expect(detectAttachmentType('a.pdf', new Uint8Array([0x3c, 0x68]))).toBeNull();
    expect(detectAttachmentType('a.png', new Uint8Array(pdf))).toBeNull();
  });
});
