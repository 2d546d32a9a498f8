/** Small pieces the business tabs share: ratio ↔ percent, money inputs, status tags, error handling. */
import { InputNumber, Tag, type FormInstance } from 'antd';
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import {
  FLOW_STATUS_LABEL,
  HOLDING_MARK_LABEL,
  PAYMENT_STATUS_LABEL,
  REVIEW_STATUS_LABEL,
  ROUND_STATUS_LABEL,
  type THoldingMark,
  type TPaymentStatus,
  type TReviewStatus,
  type TRoundStatus,
} from '../../../../../shared/api/labels';
import { dec, Dec, formatRatio, roundRatio } from '../../../../../shared/money';
import { ApiError, errorMessage } from '../../lib/api';
import { applyApiErrors, isVersionConflict, VERSION_CONFLICT_TEXT } from '../../lib/forms';
/** A flow's latest run, or NOT_STARTED before its first. */
type TFlowStatus = keyof typeof FLOW_STATUS_LABEL;

/** "0.003000" → "0.3" (percent, trailing zeros trimmed) for inputs shown as %; the ratio rounded as stored (6 places). */
export function ratioToPct(ratio: string | null | undefined): string | undefined {
  if (ratio === null || ratio === undefined || ratio === '') return undefined;
  return roundRatio(ratio).times(100).toString();
}

/** "0.3" (percent) → "0.003" (the wire's fraction); blank stays undefined so the schema reports it. */
export function pctToRatio(pct: string | null | undefined): string | undefined {
  if (pct === null || pct === undefined || String(pct).trim() === '') return undefined;
  try {
    return dec(String(pct).trim()).dividedBy(100).toString();
  } catch {
    return String(pct);
  }
}

/** A decimal string that is a valid number, else null (for live sums while typing). */
export function safeDec(v: string | null | undefined): Dec | null {
  if (v === null || v === undefined || String(v).trim() === '') return null;
  try {
    const d = dec(String(v).trim());
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/** Percentage 0..100 (a plain number for CSS widths only, never for amounts). */
export function share(part: string, whole: string): number {
  const w = dec(whole);
  if (w.lessThanOrEqualTo(0)) return 0;
  return Math.min(100, Math.max(0, dec(part).dividedBy(w).times(100).toDecimalPlaces(2).toNumber()));
}

export const pct = (ratio: string | null | undefined, digits = 3) => formatRatio(ratio ?? null, digits);

const groupDigits = (v: string | number | undefined) => {
  if (v === undefined || v === '') return '';
  const [i = '', f] = String(v).split('.');
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f !== undefined ? `.${f}` : ''}`;
};

/** An amount input: string values (never JS numbers), thousands separators, right-aligned, two decimals at most. */
export function MoneyInput(props: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  disabled?: boolean;
  placeholder?: string;
  id?: string;
  'aria-label'?: string;
  style?: CSSProperties;
  min?: string;
}) {
  const { value, onChange, ...rest } = props;
  return (
    <InputNumber<string>
      {...rest}
      stringMode
      className="money-input"
      prefix="¥"
      min={props.min ?? '0'}
      precision={undefined}
      controls={false}
      style={{ width: '100%', ...props.style }}
      value={value ?? null}
      formatter={(v) => groupDigits(v)}
      parser={(v) => (v ?? '').replace(/[,¥\s]/g, '')}
      onChange={(v) => onChange?.(v === null || v === '' ? null : String(v))}
    />
  );
}

/** A ratio typed as a percentage ("0.3" means 0.3%). */
export function PctInput(props: {
  value?: string | null;
  onChange?: (v: string | null) => void;
  disabled?: boolean;
  id?: string;
  placeholder?: string;
}) {
  const { value, onChange, ...rest } = props;
  return (
    <InputNumber<string>
      {...rest}
      stringMode
      className="money-input"
      suffix="%"
      min="0"
      max="100"
      step="0.1"
      controls={false}
      style={{ width: '100%' }}
      value={value ?? null}
      onChange={(v) => onChange?.(v === null || v === '' ? null : String(v))}
    />
  );
}

const ROUND_COLOR: Record<TRoundStatus, string> = {
  DRAFT: 'default',
  OPEN: 'processing',
  CALCULATED: 'cyan',
  IN_REVIEW: 'gold',
  APPROVED: 'green',
  CONFIRMED: 'blue',
  CLOSED: 'default',
};
export const RoundStatusTag = ({ status }: { status: TRoundStatus }) => (
  <Tag color={ROUND_COLOR[status]} style={{ marginInlineEnd: 0 }}>
    {ROUND_STATUS_LABEL[status]}
  </Tag>
);

const PAYMENT_COLOR: Record<TPaymentStatus, string> = {
  UNPAID: 'default',
  PARTIAL: 'orange',
  PAID: 'green',
  OVERDUE: 'red',
  FORFEITED: 'purple',
};
export const PaymentStatusTag = ({ status }: { status: TPaymentStatus }) => (
  <Tag color={PAYMENT_COLOR[status]} style={{ marginInlineEnd: 0 }}>
    {PAYMENT_STATUS_LABEL[status]}
  </Tag>
);

const FLOW_COLOR: Record<TFlowStatus, string> = {
  NOT_STARTED: 'default',
  RUNNING: 'processing',
  COMPLETED: 'green',
  REJECTED: 'red',
  TERMINATED: 'default',
  RESET: 'default',
};
export const FlowStatusTag = ({ status }: { status: TFlowStatus }) => (
  <Tag color={FLOW_COLOR[status]} style={{ marginInlineEnd: 0 }}>
    {FLOW_STATUS_LABEL[status]}
  </Tag>
);

const REVIEW_COLOR: Record<TReviewStatus, string> = {
  PENDING: 'gold',
  APPROVED: 'green',
  REJECTED: 'red',
  CANCELLED: 'default',
};
export const ReviewStatusTag = ({ status }: { status: TReviewStatus }) => (
  <Tag color={REVIEW_COLOR[status]} style={{ marginInlineEnd: 0 }}>
    {REVIEW_STATUS_LABEL[status]}
  </Tag>
);

const MARK_TITLE: Record<THoldingMark, string> = {
  EXITED: '已退出本项目（份额由平台公司承接）',
  LEFT: '已离职，退出尚未完成',
};
/** 退 / 离 after a partner's name (domain §4.9): 退 once the exit is done, else 离 while the person has left. */
export const PartnerMarks = ({ marks }: { marks: readonly THoldingMark[] | undefined }) =>
  marks?.length ? (
    <>
      {marks.map((m) => (
        <Tag
          key={m}
          color={m === 'EXITED' ? 'volcano' : 'orange'}
          title={MARK_TITLE[m]}
          data-testid={`mark-${m}`}
          style={{ marginLeft: 6, marginInlineEnd: 0 }}
        >
          {HOLDING_MARK_LABEL[m]}
        </Tag>
      ))}
    </>
  ) : null;

export interface Notify {
  success: (t: string) => void;
  warning: (t: string) => void;
  error: (t: string) => void;
}

/**
 * The one way the tabs handle a failed save: field errors next to the fields, a version conflict as a
 * warning plus a reload, anything else as an error message. Returns the text to show in the form's banner, if any.
 */
export async function handleSaveError(
  err: unknown,
  opts: { form?: FormInstance; fields?: string[]; message: Notify; reload?: () => Promise<unknown> },
): Promise<string | null> {
  if (isVersionConflict(err)) {
    opts.message.warning(VERSION_CONFLICT_TEXT);
    await opts.reload?.();
    return VERSION_CONFLICT_TEXT;
  }
  if (opts.form && opts.fields && applyApiErrors(opts.form, err, opts.fields)) return null;
  const text = errorMessage(err);
  opts.message.error(text);
  return text;
}

/** A labelled figure for the summaries above the tables. */
export function Figure({
  label,
  children,
  tone,
}: {
  label: string;
  children: ReactNode;
  tone?: 'red' | 'green' | 'muted';
}) {
  return (
    <div className={`biz-figure${tone ? ` biz-figure-${tone}` : ''}`}>
      <div className="biz-figure-label">{label}</div>
      <div className="biz-figure-value">{children}</div>
    </div>
  );
}

/** The round a 测算 / 缴款 screen works on must exist first. */
export const NO_ROUND_TEXT = '该项目还没有认购轮次。请在【合伙名单】中新建「立项认购」轮次。';

/** The `[{ path, message }]` of a VALIDATION_FAILED answer (empty for any other failure). */
export function fieldDetails(err: unknown): { path: string; message: string }[] {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED' || !Array.isArray(err.details)) return [];
  return (err.details as unknown[]).flatMap((d) => {
    if (typeof d !== 'object' || d === null) return [];
    const { path, message } = d as { path?: unknown; message?: unknown };
    return typeof path === 'string' && typeof message === 'string' ? [{ path, message }] : [];
  });
}

/** Puts messages next to fields named by path (typed forms only accept their own literal paths). */
export function markFields(
  form: FormInstance,
  fields: { name: string | (string | number)[]; errors: string[] }[],
): void {
  form.setFields(fields);
}

/** True once the instant has passed; re-renders at that moment (so 测算 unlocks at the deadline without a reload). */
export function usePassed(iso: string | null | undefined): boolean {
  const at = iso ? Date.parse(iso) : NaN;
  const [, tick] = useState(0);
  useEffect(() => {
    if (!Number.isFinite(at) || at <= Date.now()) return;
    // setTimeout's limit is ~24.8 days; later deadlines re-check then
    const t = window.setTimeout(() => tick((n) => n + 1), Math.min(at - Date.now() + 50, 2 ** 31 - 1));
    return () => window.clearTimeout(t);
  }, [at]);
  return Number.isFinite(at) && at <= Date.now();
}

/** Clears the messages a previous save put next to fields (fields without rules keep them until told). */
export function clearErrors(form: FormInstance): void {
  form.setFields(
    form
      .getFieldsError()
      .filter((f) => f.errors.length)
      .map((f) => ({ name: f.name, errors: [] })),
  );
}
