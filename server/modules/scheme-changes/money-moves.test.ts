/** What a 立项调整 line means in money: 补缴, 退款 and how much of what was still due a decrease takes off. */
import { moneyString } from '../../../shared/money';
import { dueReductionOf, refundOf, topUpOf } from './money-moves';

const line = (oldCommitted: string, newCommitted: string, paid: string, holder = 'PARTNER') => ({
  holder,
  oldCommitted,
  newCommitted,
  paid,
});
const m = (f: (l: ReturnType<typeof line>) => { toString(): string }, l: ReturnType<typeof line>) => moneyString(f(l));

test.each([
  // old, new, paid → top-up, refund, reduction of what was due
  ['paid in full, increase', line('100000', '120000', '100000'), '20000.00', '0.00', '0.00'],
  [
    'partly paid, increase: only the increase (the rest is on the 认购缴款 due)',
    line('60000', '72000', '30000'),
    '12000.00',
    '0.00',
    '0.00',
  ],
  ['unchanged', line('50000', '50000', '0'), '0.00', '0.00', '0.00'],
  ['paid in full, decrease: refund', line('120000', '60000', '120000'), '0.00', '60000.00', '0.00'],
  ['partly paid, decrease above paid: the due shrinks', line('72000', '36000', '30000'), '0.00', '0.00', '36000.00'],
  [
    'partly paid, decrease below paid: refund and nothing left due',
    line('120000', '60000', '100000'),
    '0.00',
    '40000.00',
    '20000.00',
  ],
  ['unpaid, decrease', line('50000', '25000', '0'), '0.00', '0.00', '25000.00'],
  ['the platform never gets a due', line('40000', '48000', '0', 'PLATFORM'), '0.00', '0.00', '0.00'],
])('%s', (_name, l, topUp, refund, reduction) => {
  expect([m(topUpOf, l), m(refundOf, l), m(dueReductionOf, l)]).toEqual([topUp, refund, reduction]);
});
