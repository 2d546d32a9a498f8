/**
 * Robot family: the group robot webhook (/robot/send) with its signature, keywords, 50 @ and 20-a-minute throttle
 * (then 10 minutes of refusals), msgUuid idempotency. Control: the messages posted, register another robot.
 */
import { z } from 'zod';
import { robotSignature } from '../dingtalk/robot-sign';
import {
  badRequest,
  json,
  oapiErr,
  ok,
  type ControlRoute,
  type EmulatorCore,
  type EmulatorFamily,
  type EmulatorRobot,
  type PublicRoute,
} from './shared';

export interface RobotPost {
  accessToken: string;
  msg: unknown;
  msgUuid?: string;
  receivedAt: string;
}

const ROBOT_TYPES = ['text', 'link', 'markdown', 'actionCard', 'feedCard'];
const SIGN_DOC = 'more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]';

const ZRobot = z.object({
  accessToken: z.string().min(1),
  secret: z.string().optional(),
  keywords: z.array(z.string()).max(10).optional(),
});

export class RobotFamily implements EmulatorFamily {
  robots = new Map<string, EmulatorRobot>();
  robotPosts: RobotPost[] = [];
  robotWindow = new Map<string, number[]>();
  robotThrottledUntil = new Map<string, number>();
  robotUuids = new Set<string>();

  constructor(private readonly core: EmulatorCore) {}

  /** Registered robots stay; what they received and their throttles go. */
  reset(): void {
    this.robotPosts = [];
    this.robotWindow.clear();
    this.robotThrottledUntil.clear();
    this.robotUuids.clear();
  }

  readonly publicRoutes: readonly PublicRoute[] = [
    {
      method: 'POST',
      path: '/robot/send',
      faults: true,
      run: ({ url, body: b }) => {
        const token = url.searchParams.get('access_token') ?? '';
        const robot = this.robots.get(token);
        if (!robot) return oapiErr(400101, 'access_token不存在');
        if (robot.secret) {
          const ts = url.searchParams.get('timestamp');
          const sign = url.searchParams.get('sign');
          if (!ts || !sign) return oapiErr(310000, `sign not match, ${SIGN_DOC}`);
          if (!/^\d+$/.test(ts) || Math.abs(this.core.now - Number(ts)) > 3600 * 1000)
            return oapiErr(310000, `invalid timestamp, ${SIGN_DOC}`);
          if (sign !== robotSignature(robot.secret, ts)) return oapiErr(310000, `sign not match, ${SIGN_DOC}`);
        }
        if (typeof b.msgtype !== 'string' || !ROBOT_TYPES.includes(b.msgtype))
          return oapiErr(400105, '不支持的消息类型');
        if (!b[b.msgtype]) return oapiErr(40035, '缺少参数 json');
        if (robot.keywords?.length) {
          const text = JSON.stringify(b[b.msgtype]);
          if (!robot.keywords.some((k) => text.includes(k)))
            return oapiErr(310000, `keywords not in content, ${SIGN_DOC}`);
        }
        const at = (b.at ?? {}) as { atMobiles?: unknown[]; atUserIds?: unknown[] };
        if ((at.atMobiles?.length ?? 0) + (at.atUserIds?.length ?? 0) > 50) return oapiErr(40035, '@人数不能超过 50');
        const msgUuid = typeof b.msgUuid === 'string' ? b.msgUuid : undefined;
        if (msgUuid && this.robotUuids.has(`${token}|${msgUuid}`)) return ok(); // idempotent retry
        const now = this.core.now;
        const { robotRateLimitCode, robotPerMinute, robotThrottleMs } = this.core.opts;
        if ((this.robotThrottledUntil.get(token) ?? 0) > now)
          return oapiErr(robotRateLimitCode, 'send too fast, exceed 20 times per minute');
        const window = (this.robotWindow.get(token) ?? []).filter((t) => t > now - 60_000);
        if (window.length >= robotPerMinute) {
          this.robotThrottledUntil.set(token, now + robotThrottleMs);
          return oapiErr(robotRateLimitCode, 'send too fast, exceed 20 times per minute');
        }
        window.push(now);
        this.robotWindow.set(token, window);
        if (msgUuid) this.robotUuids.add(`${token}|${msgUuid}`);
        this.robotPosts.push({ accessToken: token, msg: b, msgUuid, receivedAt: new Date(now).toISOString() });
        return ok();
      },
    },
  ];

  readonly controlRoutes: readonly ControlRoute[] = [
    {
      method: 'GET',
      path: '/robot-messages',
      run: ({ url }) => {
        const token = url.searchParams.get('accessToken');
        return json({ items: this.robotPosts.filter((r) => !token || r.accessToken === token) });
      },
    },
    {
      method: 'POST',
      path: '/robots',
      run: ({ body: b }) => {
        const parsed = ZRobot.safeParse(b);
        if (!parsed.success) return badRequest('需要 { accessToken, secret?, keywords? }');
        this.robots.set(parsed.data.accessToken, parsed.data);
        return json(parsed.data, 201);
      },
    },
  ];
}
