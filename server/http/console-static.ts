/**
 * Serves the built web console (dist/console, made by `npm run build:console`) at /console: hashed assets
 * with a long cache, every other path under /console answered with index.html (the console routes in the
 * browser). Only GET/HEAD under /console are touched, so /api and /healthz never reach this code.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Context, Next } from 'koa';
import send from 'koa-send';

const PREFIX = '/console';
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** dist/console seen from the sources (server/http) and from the compiled server (dist/server/http). */
export function defaultConsoleRoot(): string {
  const candidates = [
    path.resolve(__dirname, '../../dist/console'),
    path.resolve(__dirname, '../../console'),
    path.resolve(process.cwd(), 'dist/console'),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? candidates[0]!;
}

const MISSING_BUILD_PAGE = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>管理后台尚未构建</title>
<style>body{font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;color:#1f1f1f;display:flex;justify-content:center;padding-top:15vh}
main{background:#fff;border-radius:8px;padding:32px 40px;max-width:560px;box-shadow:0 1px 3px rgba(0,0,0,.08)}code{background:#f0f0f0;padding:2px 6px;border-radius:4px}</style></head>
<body><main><h2>管理后台尚未构建</h2><p>服务器上没有找到管理后台的构建结果（<code>dist/console</code>）。</p>
<p>请在项目目录执行 <code>npm run build:console</code>（或 <code>npm run build</code>）后刷新本页。</p>
<p>接口服务（<code>/api</code>）不受影响。</p></main></body></html>`;

export function consoleStatic(opts: { root?: string } = {}) {
  return async (ctx: Context, next: Next) => {
    const inConsole = ctx.path === PREFIX || ctx.path.startsWith(`${PREFIX}/`);
    if (!inConsole || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return next();
    if (ctx.path === PREFIX) {
      ctx.redirect(`${PREFIX}/${ctx.querystring ? `?${ctx.querystring}` : ''}`);
      return;
    }
    const root = opts.root ?? defaultConsoleRoot();
    if (!fs.existsSync(path.join(root, 'index.html'))) {
      ctx.status = 503;
      ctx.type = 'html';
      ctx.set('Cache-Control', 'no-store');
      ctx.body = MISSING_BUILD_PAGE;
      return;
    }
    const rel = decodeURIComponent(ctx.path.slice(PREFIX.length + 1));
    if (rel.startsWith('assets/')) {
      // content-hashed file names: cache for a year; a missing asset is a plain 404, never index.html
      const served = await send(ctx, rel, { root, immutable: true, maxage: YEAR_MS, index: false }).catch(() => '');
      if (!served) {
        ctx.status = 404;
        ctx.type = 'text';
        ctx.body = '未找到该文件';
      }
      return;
    }
    if (rel && path.extname(rel) && rel !== 'index.html') {
      const served = await send(ctx, rel, { root, maxage: 3600 * 1000, index: false }).catch(() => '');
      if (served) return;
    }
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root, index: false });
  };
}
