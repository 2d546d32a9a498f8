/**
 * GET /api/me/statement — the partner's own statement (投资对账单): per project and overall, from the capital ledger
 * and the paid distribution lines. Amounts are decimal strings; MOIC and XIRR are null where they cannot be computed.
 */
import { z } from 'zod';
import { ZDay, ZDecimalString, ZInstant } from './common';

export const ZStatementFigures = z.object({
  /** 认缴 (the ledger's commitment now) */
  committed: ZDecimalString,
  /** 累计缴款: every payment, top-ups included */
  paidIn: ZDecimalString,
  /** of which 补缴 (payments of top-up dues after a peak change) */
  topUps: ZDecimalString,
  /** 退款: paid back after a commitment went down */
  refunds: ZDecimalString,
  /** 已返还本金 (本金分配 / 清算分配) */
  principalReturned: ZDecimalString,
  /** 实缴余额: paid in and not yet returned (the ledger's paid-in now) */
  paidBalance: ZDecimalString,
  /** 资金利息 deducted in distributions (≤ 0) */
  interest: ZDecimalString,
  /** 其它 (C) in distributions */
  other: ZDecimalString,
  /** 利润（税前） */
  profit: ZDecimalString,
  /** 代扣个人所得税 */
  tax: ZDecimalString,
  /** 实发: what distributions paid out to the partner */
  netReceived: ZDecimalString,
  /** 退出价款 paid to the partner */
  exitPayout: ZDecimalString,
  /** 已收回: refunds + 实发 + exit payouts */
  received: ZDecimalString,
  /** (已收回 + 实缴余额 at cost) ÷ 累计缴款, 2 places */
  moic: ZDecimalString.nullable(),
  /** annual rate of the flows (paid in negative, received positive, 实缴余额 at cost today), 4 places (0.0831 = 8.31%) */
  xirr: ZDecimalString.nullable(),
});
export type TStatementFigures = z.infer<typeof ZStatementFigures>;

export const STATEMENT_EVENT_KINDS = [
  'COMMITMENT',
  'PAYMENT',
  'TOP_UP',
  'REFUND',
  'PRINCIPAL_RETURN',
  'DISTRIBUTION',
  'TRANSFER_OUT',
  'EXIT_PAYOUT',
] as const;
export type TStatementEventKind = (typeof STATEMENT_EVENT_KINDS)[number];
export const STATEMENT_EVENT_LABEL: Record<TStatementEventKind, string> = {
  COMMITMENT: '认缴变动',
  PAYMENT: '缴款',
  TOP_UP: '补缴',
  REFUND: '退款',
  PRINCIPAL_RETURN: '本金返还',
  DISTRIBUTION: '分配实发',
  TRANSFER_OUT: '退出承接',
  EXIT_PAYOUT: '退出打款',
};

export const ZStatementEvent = z.object({
  date: ZDay,
  kind: z.enum(STATEMENT_EVENT_KINDS),
  label: z.string(),
  /** signed from the partner's pocket: − paid in, + received; for COMMITMENT, PRINCIPAL_RETURN and TRANSFER_OUT the change of the holding */
  amount: ZDecimalString,
  note: z.string(),
});
export type TStatementEvent = z.infer<typeof ZStatementEvent>;

/** The partner's agreements in a project (the current version of each document): 协议状态 and per document its
 * number, status and signed day. */
export const ZStatementAgreement = z.object({
  state: z.enum(['NONE', 'PENDING', 'SIGNED']),
  /** 未生成 / 待签署 / 已签署 */
  stateLabel: z.string(),
  documents: z.array(
    z.object({
      id: z.number().int(),
      title: z.string(),
      number: z.string(),
      version: z.number().int(),
      status: z.enum(['PENDING', 'SIGNED', 'SUPERSEDED']),
      statusLabel: z.string(),
      signedOn: ZDay.nullable(),
    }),
  ),
});
export type TStatementAgreement = z.infer<typeof ZStatementAgreement>;

export const ZStatementProject = z.object({
  projectId: z.number().int(),
  projectName: z.string(),
  companyName: z.string(),
  figures: ZStatementFigures,
  /** paid-in tranches: every payment with its date (top-ups marked) */
  tranches: z.array(z.object({ date: ZDay, amount: ZDecimalString, topUp: z.boolean() })),
  events: z.array(ZStatementEvent),
  agreement: ZStatementAgreement,
});
export type TStatementProject = z.infer<typeof ZStatementProject>;

/** Money in and out per year, for the statement's chart (in ≥ 0 paid in, out ≥ 0 received). */
export const ZStatementFlowBar = z.object({ period: z.string(), in: ZDecimalString, out: ZDecimalString });
export type TStatementFlowBar = z.infer<typeof ZStatementFlowBar>;

export const ZMyStatement = z.object({
  asOf: ZDay,
  partnerName: z.string(),
  totals: ZStatementFigures,
  projects: z.array(ZStatementProject),
  flows: z.array(ZStatementFlowBar),
});
export type TMyStatement = z.infer<typeof ZMyStatement>;

/** POST /api/me/statement/pdf-link: a short-lived signed link to the PDF (opened by dd.downloadFile, no header). */
export const ZStatementLink = z.object({ url: z.string(), path: z.string(), expiresAt: ZInstant });
export type TStatementLink = z.infer<typeof ZStatementLink>;
