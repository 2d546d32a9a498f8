import { z } from 'zod';

/** A work notification's message (工作通知): the types we send; ≤ 2048 bytes as JSON. */
export const ZWorkMessage = z
  .discriminatedUnion('msgtype', [
    z.object({ msgtype: z.literal('text'), text: z.object({ content: z.string().min(1).max(2000) }) }),
    z.object({
      msgtype: z.literal('markdown'),
      markdown: z.object({ title: z.string().min(1), text: z.string().min(1).max(5000) }),
    }),
    z.object({
      msgtype: z.literal('link'),
      link: z.object({
        messageUrl: z.string().min(1),
        picUrl: z.string(),
        title: z.string().min(1),
        text: z.string().min(1),
      }),
    }),
    z.object({
      msgtype: z.literal('action_card'),
      action_card: z.object({
        title: z.string().optional(),
        markdown: z.string().min(1),
        single_title: z.string().max(20).optional(),
        single_url: z.string().max(500).optional(),
        btn_orientation: z.enum(['0', '1']).optional(),
        btn_json_list: z.array(z.object({ title: z.string().max(20), action_url: z.string().max(700) })).optional(),
      }),
    }),
  ])
  .refine((m) => Buffer.byteLength(JSON.stringify(m), 'utf8') <= 2048, '消息内容超过钉钉 2048 字节的上限');
export type TWorkMessage = z.infer<typeof ZWorkMessage>;

export const ZRobotMessage = z
  .object({ msgtype: z.enum(['text', 'link', 'markdown', 'actionCard', 'feedCard']) })
  .loose()
  .refine((m) => m[m.msgtype] !== undefined, '机器人消息缺少与 msgtype 对应的内容');
export type TRobotMessage = z.infer<typeof ZRobotMessage>;

export const ZTodoPayload = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('create'),
    subject: z.string().min(1).max(1024),
    description: z.string().max(4096).optional(),
    detailUrl: z.object({ appUrl: z.string().min(1).max(1024), pcUrl: z.string().min(1).max(1024) }),
    dueTime: z.number().int().positive().optional(),
    /** Whose todo list it is created from (default: the executor's own). */
    creatorDingUserId: z.string().optional(),
  }),
  /** Completes the todo created by the notification with this dedupeKey. */
  z.object({ op: z.literal('complete'), todoDedupeKey: z.string().min(1) }),
]);
export type TTodoPayload = z.infer<typeof ZTodoPayload>;

const base = {
  kind: z.string().min(1).max(50),
  dedupeKey: z.string().min(1).max(200).optional(),
  userId: z.number().int().positive().optional(),
  /** The 模板管理 version the text was rendered from (server/modules/templates), recorded on the row. */
  templateVersionId: z.number().int().positive().optional(),
};

/** What a module hands to enqueueNotifications. */
export const ZNotificationInput = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('WORK'), dingUserId: z.string().min(1).max(64), msg: ZWorkMessage, ...base }),
  z.object({ channel: z.literal('ROBOT'), robotId: z.number().int().positive(), message: ZRobotMessage, ...base }),
  z.object({ channel: z.literal('TODO'), dingUserId: z.string().min(1).max(64), todo: ZTodoPayload, ...base }),
]);
export type TNotificationInput = z.input<typeof ZNotificationInput>;

/** Queue payloads (re-validated by the workers). Row ids are strings (BigInt in the database). */
export const ZSendJob = z.object({ ids: z.array(z.string().regex(/^\d+$/)).min(1).max(100) });
export const ZReconcileJob = z.object({ taskId: z.string().regex(/^\d+$/) });
