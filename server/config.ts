import { z } from 'zod';

/** Every environment variable the product reads, with its default. The README's configuration table mirrors this. */
const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_BASE_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, '应为 postgresql:// 开头的连接串')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, '应为 redis:// 开头的连接串')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9_-]+$/)
    .default('gt'),
  DATA_DIR: z.string().min(1).default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  EMBEDDED_REDIS_PORT: z.coerce.number().int().min(1).max(65535).default(63799),
  SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]{43}=$/, '应为 32 字节的 base64')
    .optional(),
  SESSION_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(8 * 3600),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  DINGTALK_AUTO_CREATE_USERS: z.stringbool().default(true),
  CONTACT_SYNC_MAX_DEACTIVATE_RATIO: z.coerce.number().min(0).max(1).default(0.1),
  CONTACT_SYNC_CRON: z.string().default('0 0 2 * * *'),
  PAYMENT_REMINDER_CRON: z.string().default('0 0 9 * * *'),
  /** 披露通知: one merged notice per partner per day (Asia/Shanghai) */
  DISCLOSURE_NOTICE_CRON: z.string().default('0 0 18 * * *'),
  EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  START_EMULATOR: z.stringbool().optional(),
  DINGTALK_OAPI_BASE_URL: z.url().optional(),
  DINGTALK_API_BASE_URL: z.url().optional(),
  DINGTALK_CORP_ID: z.string().default('dingdemocorp0000001'),
  DINGTALK_APP_KEY: z.string().default('dingdemoappkey0001'),
  DINGTALK_APP_SECRET: z.string().default('demo-app-secret-change-me'), // DEMO_SECRETS below
  DINGTALK_AGENT_ID: z.string().regex(/^\d+$/).default('310804070'),
  DINGTALK_MINIAPP_ID: z.string().default('5000000000000001'),
  DINGTALK_CALLBACK_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{3,32}$/)
    .default('gentouToken'),
  DINGTALK_CALLBACK_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/)
    .default('gentouDemoAesKey0123456789abcdefghijklmnopq'),
  /** 首页 from its cache in Redis (server/modules/me/overview-cache.ts); false computes every answer afresh */
  OVERVIEW_CACHE: z.stringbool().default(true),
  INTERFACE_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
  SEED_DEMO: z.stringbool().optional(),
});

export type Config = z.infer<typeof ZEnv> & {
  /** Where the DingTalk client sends old-style (oapi) and new-style (api) calls. */
  dingtalk: { oapiBaseUrl: string; apiBaseUrl: string };
  secretKey: Buffer;
  /** Whether the embedded services / emulator are in use (no URLs given). */
  embedded: { postgres: boolean; redis: boolean };
};

export class ConfigError extends Error {}

/**
 * An absolute URL of this BFF for links that leave it (todos' PC links, the BPM form's 测算表 link):
 * PUBLIC_BASE_URL, else the local address.
 */
export function publicUrl(config: Pick<Config, 'PUBLIC_BASE_URL' | 'PORT'>, path: string): string {
  const base = (config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`).replace(/\/$/, '');
  return `${base}/${path.replace(/^\//, '')}`;
}

// A fixed development key keeps secrets readable across restarts of `npm start`; production must set SECRET_KEY.
const DEV_SECRET_KEY = 'Z2VudG91LWRldmVsb3BtZW50LWtleS1ub3QtcHJvZCE=';

/** The demo values shipped with the code (public: anyone can sign a callback or decrypt a secret with them). */
export const DEMO_SECRETS = {
  SECRET_KEY: DEV_SECRET_KEY,
  DINGTALK_APP_SECRET: 'demo-app-secret-change-me',
  DINGTALK_CALLBACK_TOKEN: 'gentouToken',
  DINGTALK_CALLBACK_AES_KEY: 'gentouDemoAesKey0123456789abcdefghijklmnopq',
} as const;
export const isDemoCallbackToken = (token: string) => token === DEMO_SECRETS.DINGTALK_CALLBACK_TOKEN;
export const isDemoAesKey = (key: string) => key === DEMO_SECRETS.DINGTALK_CALLBACK_AES_KEY;

/** In production every one of these must be set, and not to its demo value. */
function assertProductionSecrets(e: z.infer<typeof ZEnv>): void {
  const demo = (Object.keys(DEMO_SECRETS) as (keyof typeof DEMO_SECRETS)[]).filter(
    (k) => (e[k] ?? DEMO_SECRETS[k]) === DEMO_SECRETS[k],
  );
  if (demo.length)
    throw new ConfigError(
      `配置错误 / invalid configuration: production must not run with the demo ${demo.join(', ')} — set your own values (生产环境不能使用演示密钥：${demo.join('、')})`,
    );
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(
      `配置错误 / invalid configuration: ${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])] ?? '')} — ${issue.message}`,
    );
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SECRET_KEY)
    throw new ConfigError(
      '配置错误 / invalid configuration: SECRET_KEY is required in production (32 random bytes, base64)',
    );
  if (e.NODE_ENV === 'production') assertProductionSecrets(e);
  for (const name of ['DINGTALK_OAPI_BASE_URL', 'DINGTALK_API_BASE_URL'] as const) {
    const url = e[name];
    if (e.NODE_ENV === 'production' && url && !/^https:\/\/(oapi|api)\.dingtalk\.com\/?$/.test(url))
      throw new ConfigError(
        `配置错误 / invalid configuration: ${name} must be DingTalk's own https host in production`,
      );
  }
  const emulatorBase = `http://127.0.0.1:${e.EMULATOR_PORT}`;
  return {
    ...e,
    dingtalk: {
      oapiBaseUrl:
        e.DINGTALK_OAPI_BASE_URL ?? (e.NODE_ENV === 'production' ? 'https://oapi.dingtalk.com' : emulatorBase),
      apiBaseUrl: e.DINGTALK_API_BASE_URL ?? (e.NODE_ENV === 'production' ? 'https://api.dingtalk.com' : emulatorBase),
    },
    secretKey: Buffer.from(e.SECRET_KEY ?? DEV_SECRET_KEY, 'base64'),
    embedded: { postgres: !e.DATABASE_URL, redis: !e.REDIS_URL },
  };
}
