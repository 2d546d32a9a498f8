/**
 * The built-in voucher rules (企业会计准则 account codes as most groups number them; every group renames and
 * renumbers them on the 凭证规则 page, per entity if needed). The entity receives the partners' money and owes it
 * back, so what partners paid sits in 其他应付款 (2241) per partner and project; the bank is 1002.
 */
import type { TVoucherMovementKind } from '../../../../shared/api/vouchers';
import type { VoucherRuleSpec } from './types';

const BANK = { code: '1002', name: '银行存款', aux: [] };
const PARTNER_FUNDS = { code: '2241.01', name: '其他应付款-合伙人跟投款', aux: ['PARTNER', 'PROJECT'] } as const;
const PLATFORM_FUNDS = { code: '2241.02', name: '其他应付款-平台公司', aux: ['PROJECT'] } as const;

const rule = (
  kind: TVoucherMovementKind,
  word: VoucherRuleSpec['word'],
  debit: VoucherRuleSpec['debit'],
  credit: VoucherRuleSpec['credit'],
  summaryTemplate: string,
  grouping: VoucherRuleSpec['grouping'] = 'MOVEMENT',
): VoucherRuleSpec => ({ kind, word, grouping, debit, credit, summaryTemplate });

export const DEFAULT_VOUCHER_RULES: Record<TVoucherMovementKind, VoucherRuleSpec> = {
  PAYMENT: rule('PAYMENT', '收', BANK, { ...PARTNER_FUNDS, aux: [...PARTNER_FUNDS.aux] }, '收{合伙人}{项目}跟投款'),
  TOPUP: rule('TOPUP', '收', BANK, { ...PARTNER_FUNDS, aux: [...PARTNER_FUNDS.aux] }, '收{合伙人}{项目}补缴跟投款'),
  REFUND: rule('REFUND', '付', { ...PARTNER_FUNDS, aux: [...PARTNER_FUNDS.aux] }, BANK, '退{合伙人}{项目}跟投款'),
  TRANSFER: rule(
    'TRANSFER',
    '记',
    { ...PARTNER_FUNDS, aux: [...PARTNER_FUNDS.aux] },
    { ...PLATFORM_FUNDS, aux: [...PLATFORM_FUNDS.aux] },
    '{合伙人}退出{项目}，份额由平台公司承接',
  ),
  PRINCIPAL_RETURN: rule(
    'PRINCIPAL_RETURN',
    '付',
    { ...PARTNER_FUNDS, aux: [...PARTNER_FUNDS.aux] },
    BANK,
    '{项目}{批次}返还{合伙人}本金',
    'BATCH',
  ),
  INTEREST: rule(
    'INTEREST',
    '记',
    BANK,
    { code: '6603.02', name: '财务费用-资金利息收入', aux: ['PROJECT'] },
    '{项目}{批次}扣回{合伙人}资金利息',
    'BATCH',
  ),
  OTHER_ADJUSTMENT: rule(
    'OTHER_ADJUSTMENT',
    '付',
    { code: '2241.03', name: '其他应付款-分配调整', aux: ['PARTNER', 'PROJECT'] },
    BANK,
    '{项目}{批次}{合伙人}其它调整',
    'BATCH',
  ),
  PROFIT: rule(
    'PROFIT',
    '付',
    { code: '2232', name: '应付股利', aux: ['PARTNER', 'PROJECT'] },
    BANK,
    '{项目}{批次}支付{合伙人}利润',
    'BATCH',
  ),
  TAX: rule(
    'TAX',
    '记',
    BANK,
    { code: '2221.12', name: '应交税费-代扣代缴个人所得税', aux: ['PARTNER'] },
    '{项目}{批次}代扣{合伙人}个人所得税',
    'BATCH',
  ),
  EXIT_PAYOUT: rule(
    'EXIT_PAYOUT',
    '付',
    { ...PLATFORM_FUNDS, aux: [...PLATFORM_FUNDS.aux] },
    BANK,
    '代平台公司支付{合伙人}{项目}退出款',
  ),
};
