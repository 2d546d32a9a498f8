/**
 * Form validation with the API's own zod schemas (shared/api), and API errors put next to their fields.
 */
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { z } from 'zod';
import { ApiError } from './api';
import { ERROR_CODES } from '../../../../shared/api/errors';

type FieldPath = (string | number)[];

const requiredAware = {
  error: (iss: { code?: string; input?: unknown }) =>
    iss.code === 'invalid_type' && (iss.input === undefined || iss.input === null) ? '此项为必填项' : undefined,
};

/** An antd rule that checks one field with the schema's own rule for it. */
export function zodRule(schema: z.ZodObject, field: string, requiredMessage?: string): Rule {
  return {
    validator: async (_rule, value: unknown) => {
      const fieldSchema = schema.shape[field] as z.ZodType | undefined;
      if (!fieldSchema) return;
      const input = typeof value === 'string' && value.trim() === '' ? undefined : value;
      const r = fieldSchema.safeParse(input, requiredAware);
      if (r.success) return;
      if (input === undefined) {
        // a required text field left empty: prefer the schema's own wording ("请输入项目名称")
        const asText = fieldSchema.safeParse('');
        const issue = asText.success ? undefined : asText.error.issues[0];
        if (issue && issue.code !== 'invalid_type') throw new Error(issue.message);
        if (requiredMessage) throw new Error(requiredMessage);
      }
      throw new Error(r.error.issues[0]?.message ?? '输入有误');
    },
  };
}

/** Parses values with the whole schema (refinements included); on failure marks the fields and returns null. */
export function parseWith<S extends z.ZodType>(form: FormInstance, schema: S, values: unknown): z.infer<S> | null {
  const r = schema.safeParse(values, requiredAware);
  if (r.success) return r.data;
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  for (const issue of r.error.issues) {
    const name = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return null;
}

/** Empty strings from inputs become undefined (optional) so the schemas see what the API would. */
export function blankToUndefined<T extends Record<string, unknown>>(values: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) out[k] = typeof v === 'string' && v.trim() === '' ? undefined : v;
  return out as T;
}

interface FieldDetail {
  path: string;
  message: string;
}
function isFieldDetails(v: unknown): v is FieldDetail[] {
  return (
    Array.isArray(v) &&
    v.every(
      (d) =>
        typeof d === 'object' &&
        d !== null &&
        typeof (d as FieldDetail).message === 'string' &&
        typeof (d as FieldDetail).path === 'string',
    )
  );
}

/**
 * Shows a VALIDATION_FAILED answer next to the fields it names (those present in the form).
 * Returns true when every detail found its field; otherwise the caller shows the message too.
 */
export function applyApiErrors(form: FormInstance, err: unknown, knownFields: string[]): boolean {
  if (!(err instanceof ApiError) || err.code !== 'VALIDATION_FAILED' || !isFieldDetails(err.details)) return false;
  const fields = err.details.filter((d) => knownFields.includes(d.path.split('.')[0] ?? ''));
  form.setFields(
    fields.map((d) => ({ name: d.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)), errors: [d.message] })),
  );
  return fields.length > 0 && fields.length === err.details.length;
}

export const isVersionConflict = (err: unknown) => err instanceof ApiError && err.code === ERROR_CODES.VERSION_CONFLICT;
export const VERSION_CONFLICT_TEXT = '已被他人修改，请刷新后重试（已为您重新加载最新数据）';
