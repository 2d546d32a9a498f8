/** What the 项目流程 (DingTalk OA approval) endpoints answer (console 项目流程 tab). */
import { z } from 'zod';
import { ZInstant } from './common';
import { FLOW_STATUSES, FLOW_TYPES } from './labels';

/** One field of the DingTalk approval form as sent by 发起: a value, a list, or a table (rows of named cells). */
export const ZFlowFormField = z.union([
  z.object({ name: z.string(), value: z.string() }),
  z.object({ name: z.string(), list: z.array(z.string()) }),
  z.object({ name: z.string(), table: z.array(z.array(z.object({ name: z.string(), value: z.string() }))) }),
]);
export type TFlowFormField = z.infer<typeof ZFlowFormField>;
/** The form sent with a run (runs started before it was stored have none). */
export const ZFlowForm = z.object({ title: z.string(), fields: z.array(ZFlowFormField) });
export type TFlowForm = z.infer<typeof ZFlowForm>;

/** 发起: a flow that decides one object among several (离职退休流程: an exit) names it; the others take no body. */
export const ZFlowStart = z.object({ subjectId: z.number().int().positive().optional() });
export type TFlowStart = z.infer<typeof ZFlowStart>;

export const ZFlowRun = z.object({
  id: z.number().int(),
  run: z.number().int(),
  status: z.enum(FLOW_STATUSES),
  result: z.string().nullable(),
  instanceId: z.string().nullable(),
  /** 查看BPM: where DingTalk shows the instance */
  instanceUrl: z.string().nullable().optional(),
  startedBy: z.string().nullable(),
  startedAt: ZInstant,
  completedAt: ZInstant.nullable(),
  version: z.number().int(),
  form: ZFlowForm.nullable().optional(),
});
export type TFlowRun = z.infer<typeof ZFlowRun>;

/** A row of GET /api/projects/:id/flows: every flow type, with its latest run. */
export const ZFlowRow = z.object({
  seq: z.number().int(),
  type: z.enum(FLOW_TYPES),
  label: z.string(),
  repeatable: z.boolean(),
  available: z.boolean(),
  /** whether 钉钉设置 → 审批模板 has the tenant's template for this flow type (发起 is refused without it) */
  templateConfigured: z.boolean(),
  runs: z.number().int(),
  latest: ZFlowRun.optional(),
});
export type TFlowRow = z.infer<typeof ZFlowRow>;
export const ZFlowList = z.array(ZFlowRow);

/** POST …/flows/:type/start and …/flows/:flowId/reset: the run as stored. */
export const ZFlowRecord = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  type: z.string(),
  run: z.number().int(),
  status: z.enum(FLOW_STATUSES),
  result: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.number().int().nullable(),
  instanceId: z.string().nullable(),
  instanceUrl: z.string().nullable().optional(),
  processCode: z.string().nullable().optional(),
  form: ZFlowForm.nullable(),
  startedById: z.number().int(),
  startedAt: ZInstant,
  completedAt: ZInstant.nullable(),
  version: z.number().int(),
});
export type TFlowRecord = z.infer<typeof ZFlowRecord>;
