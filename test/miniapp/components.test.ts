/** Components and SJS view helpers, run from the build in the DingTalk-like vm context. */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import type { BuildResult } from '../../miniapp/build';
import {
  CATEGORY_LABEL,
  DISTRIBUTION_STATUS_LABEL,
  HOLDING_MARK_LABEL,
  PAYMENT_STATUS_LABEL,
  REVIEW_STATUS_LABEL,
  ROUND_STATUS_LABEL,
  SUBSCRIPTION_STATUS_LABEL,
} from '../../shared/api/labels';
import { buildForTests, MiniappHarness } from '../support/miniapp-harness';

let build: BuildResult;
let h: MiniappHarness;
beforeAll(async () => {
  build = await buildForTests('test');
  h = new MiniappHarness({ distDir: build.outDir });
});
afterAll(() => h.dispose());

describe('amount', () => {
  it('formats decimal strings as ¥1,234,567.89 and follows prop changes', () => {
    const c = h.mountComponent('components/amount/index', { value: '1234567.891' });
    expect(c.data).toMatchObject({ text: '¥1,234,567.89', negative: false });
    c.setProps({ value: '-309818.5', signed: true });
    expect(c.data).toMatchObject({ text: '-¥309,818.50', negative: true });
    c.setProps({ value: null });
    expect(c.data.text).toBe('—');
    c.setProps({ value: 'not money', empty: '未认购' });
    expect(c.data.text).toBe('未认购');
  });

  it('uses tabular digits', () => {
    expect(fs.readFileSync(path.join(build.outDir, 'components/amount/index.acss'), 'utf8')).toContain('tabular-nums');
  });
});

describe('error-state', () => {
  it("calls the page's retry handler", () => {
    let retried = 0;
    const c = h.mountComponent('components/error-state/index', {
      text: '服务器繁忙',
      onRetry: () => {
        retried++;
      },
    });
    c.call('retry');
    expect(retried).toBe(1);
  });
});

describe('payee-account', () => {
  const account = { accountName: '靖江锦艺置业有限公司', bankName: '中国银行靖江支行', accountNo: '6217000012345678' };

  it('copies the full collection account number', () => {
    const c = h.mountComponent('components/payee-account/index', { account });
    c.call('copy');
    expect(h.callsOf('setClipboard').at(-1)!.options.text).toBe('6217000012345678');
    expect(h.toasts.at(-1)).toEqual({ type: 'success', content: '账号已复制' });
  });

  it("never copies the partner's own (masked) account, nor a missing one", () => {
    const before = h.callsOf('setClipboard').length;
    h.mountComponent('components/payee-account/index', { account, masked: true }).call('copy');
    h.mountComponent('components/payee-account/index', { account: null }).call('copy');
    h.mountComponent('components/payee-account/index', { account: { ...account, accountNo: '' } }).call('copy');
    expect(h.callsOf('setClipboard')).toHaveLength(before);
  });
});

describe('sjs/format.sjs', () => {
  // SJS is ES5 with `export default`; evaluate it as DingTalk's view layer would, without startsWith
  const src = fs.readFileSync(path.resolve(__dirname, '../../miniapp/sjs/format.sjs'), 'utf8');
  const ctx = vm.createContext({});
  vm.runInContext(
    'delete String.prototype.startsWith; delete String.prototype.endsWith; delete String.prototype.includes;',
    ctx,
  );
  const fmt = vm.runInContext(`(function(){ ${src.replace('export default', 'return')} })()`, ctx) as {
    label: (s: string, o?: string) => string;
    tone: (s: string) => string;
    maskAccount: (s: string) => string;
    groupAccount: (s: string) => string;
  };

  it('labels statuses the way the business says them', () => {
    expect(['EXITED', 'LEFT', 'PAID', 'PARTIAL', 'OVERDUE', 'FORFEITED', 'PENDING'].map((s) => fmt.label(s))).toEqual([
      '退',
      '离',
      '已缴',
      '部分缴款',
      '逾期',
      '已放弃',
      '待审核',
    ]);
    expect(fmt.label('PAID', '已发放')).toBe('已发放');
    // one word per state: exactly as the BFF and the console name them (shared/api/labels.ts)
    const labelsOf = (map: Record<string, string>) =>
      Object.fromEntries(Object.keys(map).map((s) => [s, fmt.label(s)]));
    expect(labelsOf(PAYMENT_STATUS_LABEL)).toEqual(PAYMENT_STATUS_LABEL);
    expect(labelsOf(REVIEW_STATUS_LABEL)).toEqual(REVIEW_STATUS_LABEL);
    expect(labelsOf(SUBSCRIPTION_STATUS_LABEL)).toEqual(SUBSCRIPTION_STATUS_LABEL);
    expect(labelsOf(HOLDING_MARK_LABEL)).toEqual(HOLDING_MARK_LABEL);
    expect(labelsOf(DISTRIBUTION_STATUS_LABEL)).toEqual(DISTRIBUTION_STATUS_LABEL);
    expect(fmt.tone('OVERDUE')).toBe('danger');
    expect(fmt.tone('SOMETHING_NEW')).toBe('muted');
  });

  it('masks and groups bank account numbers', () => {
    expect(fmt.maskAccount('6222 0210 0112 3456 789')).toBe('6222 **** **** 6789');
    expect(fmt.groupAccount('6222021001123456789')).toBe('6222 0210 0112 3456 789');
    expect(fmt.maskAccount('')).toBe('');
  });

  it('uses no ES2015+ string methods', () => {
    expect(src.replace(/\/\/.*$/gm, '')).not.toMatch(/startsWith|endsWith|includes|padStart|=>|\blet\b|\bconst\b/);
  });
});

describe('labels (compiled, in the vm)', () => {
  it('are the shared ones, loadable where DingTalk runs the pages', () => {
    const labels = h.require('shared/api/labels') as { CATEGORY_LABEL: unknown; ROUND_STATUS_LABEL: unknown };
    expect(JSON.parse(JSON.stringify(labels.CATEGORY_LABEL))).toEqual(CATEGORY_LABEL);
    expect(JSON.parse(JSON.stringify(labels.ROUND_STATUS_LABEL))).toEqual(ROUND_STATUS_LABEL);
    const errors = h.require('shared/api/errors') as { ERROR_CODES: Record<string, string> };
    expect(errors.ERROR_CODES.ROUTE_NOT_FOUND).toBe('ROUTE_NOT_FOUND');
  });
});

describe('认购 form and deadline helpers (compiled, in the vm)', () => {
  it("turns what was typed into a decimal string; the range is the BFF's to judge", () => {
    const { checkAmount } = h.require('pages/subscribe/index') as {
      checkAmount: (a: string) => { amount?: string; error?: string };
    };
    expect(checkAmount('100,000')).toEqual({ amount: '100000.00' });
    expect(checkAmount(' 288940.5 ')).toEqual({ amount: '288940.50' });
    expect(checkAmount('0')).toEqual({ amount: '0.00' }); // declining (the BFF refuses it for 强投)
    expect(checkAmount('1.234').error).toBe('金额格式不正确（最多两位小数）');
    expect(checkAmount('').error).toBe('请输入认购金额');
    expect(checkAmount('-5').error).toBeTruthy();
    expect(checkAmount('5万').error).toBeTruthy();
  });

  it('counts down to the end of the deadline day in Shanghai', () => {
    const view = h.require('services/view') as {
      countdownText: (d: number | null, now: number) => string;
      deadlineInstant: (d: string) => number | null;
    };
    const end = view.deadlineInstant('2026-11-30')!;
    expect(new Date(end).toISOString()).toBe('2026-11-30T15:59:59.999Z');
    expect(view.countdownText(end, Date.parse('2026-11-27T15:59:59.999Z'))).toBe('剩余 3 天 0 小时');
    expect(view.countdownText(end, end - 25 * 60000)).toBe('剩余 25 分钟');
    expect(view.countdownText(end, end + 1)).toBe('已截止');
  });
});
