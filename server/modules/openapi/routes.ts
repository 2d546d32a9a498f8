import { z } from 'zod';
import { loggedIn } from '../../auth/policy';
import { route, type AnyRoute } from '../../http/route';
import { buildOpenApi, type OpenApiDocument } from './document';

/** Built once per mounted route list (z.toJSONSchema over ~80 routes is not free). */
const cache = new WeakMap<readonly AnyRoute[], OpenApiDocument>();

export const openApiRoutes = [
  route({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'OpenAPI 3.1 接口说明（由路由表与 shared/api 的 schema 生成）',
    // Login required: it maps every admin endpoint and its access rule. Anyone signed in (partners too) may read
    // it; it holds no data, and nothing in it is not already visible to the clients.
    policy: loggedIn,
    response: z.object({ openapi: z.literal('3.1.0'), paths: z.record(z.string(), z.unknown()) }).loose(),
    handler: ({ routes }) => {
      let doc = cache.get(routes);
      if (!doc) cache.set(routes, (doc = buildOpenApi(routes)));
      return doc;
    },
  }),
];
