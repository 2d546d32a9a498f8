/**
 * An error after the answer has started (a streamed file whose source breaks, a client that goes away mid-download)
 * reaches the log with the request id: an error for a broken stream, info for a client that left — never Koa's
 * default print to stderr.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { buildApp } from '../app';
import type { Deps } from '../deps';
import { publicAccess } from '../auth/policy';
import type { AnyRoute } from './route';

type Entry = { level: string; fields: Record<string, unknown>; msg: string };

function captureLogger(entries: Entry[]) {
  const at =
    (level: string) =>
    (fields: Record<string, unknown>, msg: string): void => {
      entries.push({ level, fields, msg });
    };
  const logger = {
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    debug: at('debug'),
    child: () => logger,
  };
  return logger;
}

const breaking: AnyRoute = {
  method: 'GET',
  path: '/test/breaking-stream',
  summary: 'a download whose source breaks after the first chunk',
  policy: publicAccess,
  raw: { contentType: 'text/plain', description: 'test' },
  handler: ({ ctx }) => {
    let sent = false;
    ctx.type = 'text/plain';
    ctx.body = new Readable({
      read() {
        if (sent) {
          this.destroy(new Error('source broke'));
          return;
        }
        sent = true;
        this.push('x'.repeat(64 * 1024));
      },
    });
  },
} as AnyRoute;

it('a stream that breaks after the answer started is logged as an error with the request id, not printed', async () => {
  const entries: Entry[] = [];
  const printed = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  const deps = { logger: captureLogger(entries), config: { NODE_ENV: 'test' } } as unknown as Deps;
  const server = http.createServer(buildApp(deps, [breaking]).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => {
      http
        .get(`http://127.0.0.1:${port}/test/breaking-stream`, (res) => {
          res.on('data', () => undefined);
          res.on('error', () => resolve());
          res.on('close', () => resolve());
        })
        .on('error', () => resolve());
    });
    for (let i = 0; i < 50 && !entries.some((e) => e.msg === 'error after the answer started'); i++)
      await new Promise((r) => setTimeout(r, 20));
    const logged = entries.find((e) => e.msg === 'error after the answer started');
    expect(logged?.level).toBe('error');
    expect(logged?.fields).toMatchObject({ path: '/test/breaking-stream', err: 'source broke' });
    expect(logged?.fields.requestId).toEqual(expect.any(String));
    expect(printed).not.toHaveBeenCalled();
  } finally {
    printed.mockRestore();
    await new Promise((r) => server.close(r));
  }
});
