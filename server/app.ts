import Router from '@koa/router';
import Koa from 'koa';
import compress from 'koa-compress';
import { koaBody } from 'koa-body';
import { constants as zlib } from 'node:zlib';
import helmet from 'koa-helmet';
import { z } from 'zod';
import { authenticate } from './auth/authenticate';
import type { Deps } from './deps';
import { consoleStatic } from './http/console-static';
import { errorMiddleware } from './http/errors';
import { bodyGuard, pathGuard } from './http/input-guard';
import { requestContext } from './http/request-context';
import { mountRoutes, type AnyRoute } from './http/route';
import { auditRoutes } from './modules/audit/routes';
import { authRoutes } from './modules/auth/routes';
import { contactRoutes } from './modules/contacts/routes';
import { healthRoutes } from './modules/health/routes';
import { orgRoutes } from './modules/org/routes';
import { projectRoutes } from './modules/projects/routes';
import { userRoutes } from './modules/users/routes';
import { dingtalkCallbackRoutes } from './dingtalk/callback-routes';
import { dingtalkSettingsRoutes } from './modules/dingtalk-settings/routes';
import { notifyRoutes } from './modules/notify/routes';
import { setupCheckRoutes } from './modules/setup-checks/routes';
import { registerDomainEventHandlers } from './modules/event-handlers';
import { flowRoutes } from './modules/flows/routes';
import { exitRoutes } from './modules/exits/routes';
import { agreementRoutes } from './modules/agreements/routes';
import { meRoutes } from './modules/me/routes';
import { distributionRoutes } from './modules/distributions/routes';
import { disclosureRoutes } from './modules/disclosure/routes';
import { paymentRoutes } from './modules/payments/routes';
import { capitalRoutes } from './modules/capital/routes';
import { reviewRoutes } from './modules/reviews/routes';
import { schemeRoutes } from './modules/scheme/routes';
import { subscriptionRoutes } from './modules/subscription/routes';
import { schemeChangeRoutes } from './modules/scheme-changes/routes';
import { openApiRoutes } from './modules/openapi/routes';
import { reportRoutes } from './modules/reports/routes';
import { voucherRoutes } from './modules/vouchers/routes';
import { templateRoutes } from './modules/templates/routes';
import { minorityRoutes } from './modules/minority/routes';
import { mandatoryRoutes } from './modules/mandatory/routes';
import { exportRoutes } from './modules/exports/routes';
import { dutiesRoutes } from './modules/duties/routes';

// zod messages in Chinese for every schema (API, queues, imports)
z.config(z.locales.zhCN());

/** Every module's routes. A module adds itself here; the route × role matrix test reads the same list. */
export function allRoutes(): AnyRoute[] {
  return [
    ...healthRoutes,
    ...authRoutes,
    ...orgRoutes,
    ...projectRoutes,
    ...userRoutes,
    ...auditRoutes,
    ...contactRoutes,
    ...dingtalkCallbackRoutes,
    ...dingtalkSettingsRoutes,
    ...notifyRoutes,
    ...setupCheckRoutes,
    ...schemeRoutes,
    ...exitRoutes,
    ...agreementRoutes,
    ...subscriptionRoutes,
    ...schemeChangeRoutes,
    ...reviewRoutes,
    ...flowRoutes,
    ...paymentRoutes,
    ...capitalRoutes,
    ...distributionRoutes,
    ...disclosureRoutes,
    ...reportRoutes,
    ...meRoutes,
    ...voucherRoutes,
    ...templateRoutes,
    ...minorityRoutes,
    ...mandatoryRoutes,
    ...exportRoutes,
    ...dutiesRoutes,
    ...openApiRoutes,
  ];
}

export function createApp(deps: Deps): Koa {
  return buildApp(deps, allRoutes());
}

/** The middleware stack around a set of routes (tests mount extra routes through it). */
export function buildApp(deps: Deps, routes: AnyRoute[]): Koa {
  registerDomainEventHandlers(); // event handlers and review subjects, from one explicit list
  const app = new Koa({ proxy: true });
  const router = new Router();
  mountRoutes(router, deps, routes);

  app.use(requestContext(deps.logger));
  app.use(securityHeaders());
  app.use(errorMiddleware());
  app.use(pathGuard()); // a path or query that does not decode, or holds NUL / lone surrogates: 400
  app.use(consoleStatic()); // the built web console at /console (GET/HEAD under /console only)
  // API answers over 1 KB (partner lists, reports) compressed for clients that accept it; brotli at a fast level,
  // since these are made per request (the console's files are compressed once at build time instead)
  app.use(compress({ threshold: 1024, br: { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } }, deflate: false }));
  // JSON and forms for every route; file uploads are parsed only by the routes that take them, after access is checked
  app.use(koaBody({ multipart: false, jsonLimit: '1mb', formLimit: '1mb', textLimit: '1mb' }));
  app.use(bodyGuard());
  app.use(authenticate(deps));
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  // what fails after the answer has started (a streamed export or PDF whose client went away, a stream that broke)
  // goes to the log with the request id, instead of Koa's default print to stderr
  app.on('error', (err: NodeJS.ErrnoException, ctx?: Koa.Context) => {
    const fields = { requestId: ctx?.state.requestId, path: ctx?.path, code: err.code, err: err.message };
    if (err.code && CLIENT_GONE.has(err.code))
      deps.logger.info(fields, 'client closed the connection before the answer ended');
    else deps.logger.error({ ...fields, stack: err.stack }, 'error after the answer started');
  });
  return app;
}

const CLIENT_GONE = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * Security headers on every answer (helmet). The console is a same-origin Vite build: its scripts, fonts and API
 * calls come from here; antd writes its styles inline (CSS-in-JS), images may be data: or blob: (previews,
 * downloads). No CORS headers are ever sent: the console and the mini-program call the API from its own origin or
 * from DingTalk's native request (not a browser fetch), so other sites' pages cannot read any answer.
 */
function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
}
