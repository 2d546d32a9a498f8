/** What the 钉钉设置 and 接口日志 endpoints answer. Secrets are always masked ("abc***") or null. */
import { z } from 'zod';
import { ZInstant, ZJson } from './common';

/** GET / PUT /api/admin/dingtalk/settings */
export const ZDingtalkSettings = z.object({
  /** where the effective values come from: the 钉钉设置 page (database) or the environment */
  source: z.enum(['database', 'environment']),
  version: z.number().int(),
  corpId: z.string(),
  appKey: z.string(),
  /** masked, or null when not set */
  appSecret: z.string().nullable(),
  agentId: z.string(),
  miniAppId: z.string().nullable(),
  callbackToken: z.string().nullable(),
  /** masked, or null when not set */
  callbackAesKey: z.string().nullable(),
  callbackMode: z.enum(['http', 'stream']),
  oapiBaseUrl: z.string().nullable(),
  apiBaseUrl: z.string().nullable(),
  effectiveOapiBaseUrl: z.string(),
  effectiveApiBaseUrl: z.string(),
  /** Not sent yet (the console shows them when present): the URL to register with DingTalk, the last change. */
  callbackUrl: z.string().nullable().optional(),
  updatedAt: ZInstant.nullable().optional(),
  /** the last 测试 (获取 access_token) and when; null = never tested (a setup warning) */
  lastTest: z
    .object({ ok: z.boolean(), message: z.string(), code: z.string().nullable(), testedAt: ZInstant })
    .nullable()
    .optional(),
});
export type TDingtalkSettings = z.infer<typeof ZDingtalkSettings>;

export const ZRobot = z.object({
  id: z.number().int(),
  name: z.string(),
  orgUnitId: z.number().int().nullable(),
  /** masked */
  accessToken: z.string().nullable(),
  /** whether 加签 is set */
  signed: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
  updatedAt: ZInstant,
});
export type TRobot = z.infer<typeof ZRobot>;
export const ZRobotList = z.object({ items: z.array(ZRobot) });

/** The 测试 actions answer 200 with ok=false and DingTalk's code and message when DingTalk refuses. */
export const ZTestResult = z.object({
  ok: z.boolean(),
  message: z.string(),
  code: z.union([z.string(), z.number()]).optional(),
  /** seconds the fetched access_token lives (test-token only) */
  expiresIn: z.number().int().optional(),
});
export type TTestResult = z.infer<typeof ZTestResult>;

export const ZInterfaceLog = z.object({
  id: z.string(),
  at: ZInstant,
  /** out: we called DingTalk; in: DingTalk called us */
  direction: z.string(),
  api: z.string(),
  method: z.string().nullable(),
  status: z.number().int().nullable(),
  ok: z.boolean(),
  durationMs: z.number().nullable(),
  request: ZJson,
  response: ZJson,
  error: z.string().nullable(),
  requestId: z.string().nullable(),
});
export type TInterfaceLog = z.infer<typeof ZInterfaceLog>;
export const ZInterfaceLogPage = z.object({
  items: z.array(ZInterfaceLog),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
