import http from 'node:http';

/** DingTalk emulator process (see dingtalk.md). Placeholder answering /healthz until the full emulator lands. */
export async function startEmulator(opts: { port: number; host?: string }): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json; charset=utf-8');
    if (req.url === '/healthz') { res.end(JSON.stringify({ status: 'ok', emulator: 'dingtalk' })); return; }
    res.statusCode = 404;
    res.end(JSON.stringify({ errcode: 404, errmsg: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
