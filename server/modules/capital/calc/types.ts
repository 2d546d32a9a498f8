/**
 * The capital ledger's vocabulary for the pure calculations (mirrors prisma/schema/capital.prisma).
 * Dates are calendar days as 'YYYY-MM-DD' strings (the @db.Date column), so nothing here depends on a time zone.
 */
import type Decimal from 'decimal.js';
import { LEVELS, type Level } from '../../../../shared/scheme-math';
import { LEVEL_LABEL } from '../../../../shared/api/scheme';

export { LEVELS, LEVEL_LABEL, type Level };

export type Holder = 'PARTNER' | 'PLATFORM';

export const ENTRY_KINDS = [
  'COMMITMENT',
  'COMMITMENT_CHANGE',
  'PAYMENT',
  'REFUND',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'PRINCIPAL_RETURN',
  'ENTRY_INTEREST',
  'REVERSAL',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/** One ledger entry as the calculations need it (a CapitalEntry row, or a draft about to be written). */
export interface LedgerEntry {
  /** the row id; drafts may omit it. Entries with the same value date apply in id order, then in list order. */
  id?: number;
  level: Level;
  holder: Holder;
  /** null for the platform */
  userId: number | null;
  kind: EntryKind;
  /** 认缴 change */
  committedDelta: Decimal;
  /** 实缴 change */
  paidDelta: Decimal;
  /** 资金利息 owed by a late entrant */
  interestDelta: Decimal;
  /** 'YYYY-MM-DD' */
  valueDate: string;
  /** REVERSAL only: the entry it cancels (every delta negated) */
  reversalOfId?: number | null;
}

/** Who holds a position: a partner (userId) or the platform company. */
export type HolderRef = { holder: 'PARTNER'; userId: number } | { holder: 'PLATFORM'; userId?: null };

export const PLATFORM: HolderRef = { holder: 'PLATFORM', userId: null };
export const partnerRef = (userId: number): HolderRef => ({ holder: 'PARTNER', userId });

/** A stable key for holder × level. */
export const positionKey = (level: Level, holder: Holder, userId: number | null | undefined): string =>
  `${level}:${holder === 'PLATFORM' ? 'P' : `U${String(userId)}`}`;

export const holderLabel = (holder: Holder, userId: number | null | undefined): string =>
  holder === 'PLATFORM' ? '平台公司' : `合伙人 #${String(userId)}`;

export type Caps = Record<Level, Decimal>;
