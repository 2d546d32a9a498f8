import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import type { Logger } from '../lib/logger';
import { redactSignedLink } from '../lib/signed-link';

const VALID_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** A request id per request (taken from X-Request-Id when sane), a child logger, and one access-log line. */
export function requestContext(logger: Logger) {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const requestId = VALID_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = requestId;
    ctx.state.log = logger.child({ requestId });
    ctx.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.state.log.info(
        {
          method: ctx.method,
          path: redactSignedLink(ctx.path),
          status: ctx.status,
          ms: Math.round(ms * 10) / 10,
          userId: ctx.state.actor?.userId,
        },
        'request',
      );
    }
  };
}
