import { z } from 'zod';
import { formatDateTimeSeconds } from '../../../shared/datetime';
import type { Deps } from '../../deps';
import { DingtalkClient, DingtalkError } from '../../dingtalk/client';
import { AppError, notFound, versionConflict } from '../../lib/errors';
import { DINGTALK_HOSTS, isAllowedDingtalkBaseUrl } from '../../dingtalk/app-config';
import { maskSecret, openSecret, sealSecret } from '../../lib/secret-box';
import { loadDingtalkApp, SETTING } from './app-source';
import { writeAudit, type AuditActor } from '../../lib/audit';
import { TEST_TARGET } from '../setup-checks/checks';
import { lastTestResult, recordTestResult } from '../setup-checks/record-test-result';

/** What the settings page shows: secrets only as a masked hint. */
export async function getSettingsView(deps: Deps) {
  const row = await deps.db.dingtalkSetting.findUnique({ where: { name: SETTING } });
  const app = await loadDingtalkApp(deps);
  return {
    source: row ? ('database' as const) : ('environment' as const),
    version: row?.version ?? 0,
    corpId: app.corpId,
    appKey: app.appKey,
    appSecret: maskSecret(app.appSecret),
    agentId: app.agentId,
    miniAppId: app.miniAppId ?? null,
    callbackToken: maskSecret(app.callbackToken),
    callbackAesKey: maskSecret(app.callbackAesKey),
    callbackMode: app.callbackMode ?? 'http',
    oapiBaseUrl: row?.oapiBaseUrl ?? null,
    apiBaseUrl: row?.apiBaseUrl ?? null,
    effectiveOapiBaseUrl: app.oapiBaseUrl,
    effectiveApiBaseUrl: app.apiBaseUrl,
    lastTest: await lastTestResult(deps, TEST_TARGET.token),
  };
}

export const ZSettingsUpdate = z.object({
  version: z.number().int().min(0),
  corpId: z.string().trim().min(1).max(64),
  appKey: z.string().trim().min(1).max(64),
  /** Omit (or leave empty) to keep the saved secret. */
  appSecret: z.string().trim().max(200).optional(),
  agentId: z.string().trim().regex(/^\d+$/, 'AgentId 应为数字'),
  miniAppId: z.string().trim().max(64).nullable().optional(),
  callbackToken: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{3,32}$/, '回调 Token 应为 3–32 位字母或数字')
    .nullable()
    .optional(),
  callbackAesKey: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{43}$/, '回调 AES Key 应为 43 位字母或数字')
    .optional(),
  callbackMode: z.enum(['http', 'stream']).default('http'),
  oapiBaseUrl: z.url().nullable().optional(),
  apiBaseUrl: z.url().nullable().optional(),
});

/** Saves the settings (first save copies the environment's secrets when none are given). Optimistic lock on version; audited. */
export async function updateSettings(deps: Deps, who: AuditActor, input: z.infer<typeof ZSettingsUpdate>) {
  const key = deps.config.secretKey;
  for (const field of ['oapiBaseUrl', 'apiBaseUrl'] as const) {
    const url = input[field];
    if (url && !isAllowedDingtalkBaseUrl(url, deps.config.NODE_ENV))
      throw new AppError(
        'VALIDATION_FAILED',
        `生产环境的接口地址只能是钉钉的域名（${DINGTALK_HOSTS.join('、')}，https）`,
        [{ path: field, message: '只能是钉钉的接口地址' }],
      );
  }
  const current = await loadDingtalkApp(deps);
  await deps.db.$transaction(async (tx) => {
    const before = await tx.dingtalkSetting.findUnique({ where: { name: SETTING } });
    const data = {
      corpId: input.corpId,
      appKey: input.appKey,
      agentId: input.agentId,
      miniAppId: input.miniAppId ?? null,
      appSecretEnc: input.appSecret
        ? sealSecret(input.appSecret, key)
        : (before?.appSecretEnc ?? sealSecret(current.appSecret, key)),
      callbackToken:
        input.callbackToken === undefined
          ? (before?.callbackToken ?? current.callbackToken ?? null)
          : input.callbackToken,
      callbackAesKeyEnc: input.callbackAesKey
        ? sealSecret(input.callbackAesKey, key)
        : (before?.callbackAesKeyEnc ?? (current.callbackAesKey ? sealSecret(current.callbackAesKey, key) : null)),
      callbackMode: input.callbackMode,
      oapiBaseUrl: input.oapiBaseUrl ?? null,
      apiBaseUrl: input.apiBaseUrl ?? null,
    };
    if (!before) {
      if (input.version !== 0) throw versionConflict('钉钉设置', 0);
      await tx.dingtalkSetting.create({ data: { name: SETTING, ...data, version: 1 } });
    } else {
      const { count } = await tx.dingtalkSetting.updateMany({
        where: { name: SETTING, version: input.version },
        data: { ...data, version: { increment: 1 } },
      });
      if (!count) throw versionConflict('钉钉设置', before.version);
    }
    const view = (
      r: {
        corpId: string;
        appKey: string;
        agentId: string;
        miniAppId: string | null;
        callbackToken: string | null;
        callbackMode: string;
        oapiBaseUrl: string | null;
        apiBaseUrl: string | null;
      },
      secretChanged: boolean,
      aesChanged: boolean,
    ) => ({
      corpId: r.corpId,
      appKey: r.appKey,
      agentId: r.agentId,
      miniAppId: r.miniAppId,
      callbackToken: r.callbackToken ? maskSecret(r.callbackToken) : null,
      callbackMode: r.callbackMode,
      oapiBaseUrl: r.oapiBaseUrl,
      apiBaseUrl: r.apiBaseUrl,
      appSecret: secretChanged ? '（已更换）' : '******',
      callbackAesKey: aesChanged ? '（已更换）' : '******',
    });
    await writeAudit(tx, who, {
      action: before ? 'update' : 'create',
      entity: 'DingtalkSetting',
      entityId: SETTING,
      before: before ? view(before, false, false) : null,
      after: view(data, !!input.appSecret, !!input.callbackAesKey),
    });
  });
  return getSettingsView(deps);
}

/** 测试: can we get an access token with the saved settings? The result is kept for the setup checks. */
export async function testTokenFetch(deps: Deps, testedById: number | null = null) {
  const r = await fetchTestToken(deps);
  await recordTestResult(deps, TEST_TARGET.token, r, testedById);
  return r;
}

async function fetchTestToken(deps: Deps) {
  const app = await loadDingtalkApp(deps);
  const client = new DingtalkClient({
    app,
    redis: deps.redis,
    prefix: deps.prefix,
    db: deps.db,
    logger: deps.logger,
    timeoutMs: 5000,
  });
  try {
    const { expiresIn } = await client.testCredentials();
    return { ok: true as const, message: `获取 access_token 成功，有效期 ${expiresIn} 秒`, expiresIn };
  } catch (err) {
    if (err instanceof DingtalkError) return { ok: false as const, code: err.code, message: err.message };
    throw err;
  }
}

// ---- robots --------------------------------------------------------------------------------------------------

export const ZRobotCreate = z.object({
  name: z.string().trim().min(1).max(50),
  orgUnitId: z.number().int().positive().nullable().optional(),
  /** The webhook URL's access_token (or the whole webhook URL). */
  accessToken: z.string().trim().min(1).max(500),
  secret: z
    .string()
    .trim()
    .regex(/^SEC[A-Za-z0-9]+$/, '加签密钥应以 SEC 开头')
    .nullable()
    .optional(),
  active: z.boolean().default(true),
});
export const ZRobotUpdate = ZRobotCreate.partial().extend({ version: z.number().int().min(0) });

const tokenFromWebhook = (v: string) => {
  try {
    return new URL(v).searchParams.get('access_token') ?? v;
  } catch {
    return v;
  }
};

function robotView(
  deps: Deps,
  r: {
    id: number;
    name: string;
    orgUnitId: number | null;
    accessTokenEnc: string;
    secretEnc: string | null;
    active: boolean;
    version: number;
    updatedAt: Date;
  },
) {
  const key = deps.config.secretKey;
  return {
    id: r.id,
    name: r.name,
    orgUnitId: r.orgUnitId,
    accessToken: maskSecret(openSecret(r.accessTokenEnc, key)),
    signed: !!r.secretEnc,
    active: r.active,
    version: r.version,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listRobots(deps: Deps) {
  const rows = await deps.db.robotWebhook.findMany({ orderBy: { id: 'asc' } });
  return { items: rows.map((r) => robotView(deps, r)) };
}

export async function createRobot(deps: Deps, who: AuditActor, input: z.infer<typeof ZRobotCreate>) {
  const key = deps.config.secretKey;
  return deps.db.$transaction(async (tx) => {
    const r = await tx.robotWebhook.create({
      data: {
        name: input.name,
        orgUnitId: input.orgUnitId ?? null,
        accessTokenEnc: sealSecret(tokenFromWebhook(input.accessToken), key),
        secretEnc: input.secret ? sealSecret(input.secret, key) : null,
        active: input.active,
      },
    });
    const view = robotView(deps, r);
    await writeAudit(tx, who, { action: 'create', entity: 'RobotWebhook', entityId: r.id, after: view });
    return view;
  });
}

export async function updateRobot(deps: Deps, who: AuditActor, id: number, input: z.infer<typeof ZRobotUpdate>) {
  const key = deps.config.secretKey;
  return deps.db.$transaction(async (tx) => {
    const before = await tx.robotWebhook.findUnique({ where: { id } });
    if (!before) throw notFound('机器人');
    const { count } = await tx.robotWebhook.updateMany({
      where: { id, version: input.version },
      data: {
        name: input.name,
        orgUnitId: input.orgUnitId,
        active: input.active,
        version: { increment: 1 },
        ...(input.accessToken ? { accessTokenEnc: sealSecret(tokenFromWebhook(input.accessToken), key) } : {}),
        ...(input.secret !== undefined ? { secretEnc: input.secret ? sealSecret(input.secret, key) : null } : {}),
      },
    });
    if (!count) throw versionConflict('机器人', before.version);
    const after = (await tx.robotWebhook.findUnique({ where: { id } }))!;
    await writeAudit(tx, who, {
      action: 'update',
      entity: 'RobotWebhook',
      entityId: id,
      before: robotView(deps, before),
      after: robotView(deps, after),
    });
    return robotView(deps, after);
  });
}

/** 测试: posts a test message through the robot right away (not through the queue); the result is kept. */
export async function testRobot(deps: Deps, id: number, actor: { name: string; userId: number | null }) {
  const r = await postRobotTest(deps, id, actor.name);
  await recordTestResult(deps, TEST_TARGET.robot(id), r, actor.userId);
  return r;
}

async function postRobotTest(deps: Deps, id: number, actorName: string) {
  const r = await deps.db.robotWebhook.findUnique({ where: { id } });
  if (!r) throw notFound('机器人');
  const app = await loadDingtalkApp(deps);
  const client = new DingtalkClient({
    app,
    redis: deps.redis,
    prefix: deps.prefix,
    db: deps.db,
    logger: deps.logger,
    timeoutMs: 5000,
  });
  const key = deps.config.secretKey;
  try {
    await client.sendRobotMessage(
      { accessToken: openSecret(r.accessTokenEnc, key), secret: r.secretEnc ? openSecret(r.secretEnc, key) : null },
      {
        msgtype: 'text',
        text: {
          content: `【事业合伙管理系统】机器人「${r.name}」测试消息（${actorName}，${formatDateTimeSeconds(new Date())}）`,
        },
      },
    );
    return { ok: true as const, message: '测试消息已发送' };
  } catch (err) {
    if (err instanceof DingtalkError) return { ok: false as const, code: err.code, message: err.message };
    throw err;
  }
}
