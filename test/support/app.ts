import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import axios, { type AxiosInstance } from 'axios';
import type Koa from 'koa';
import { createApp } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { closeDeps, createDeps, type Deps } from '../../server/deps';
import { createLogger } from '../../server/lib/logger';

export interface TestApp {
  deps: Deps;
  base: string;
  /** axios against the app; never throws on HTTP status, so tests assert on it. */
  http: AxiosInstance;
  close: () => Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...overrides });
}

export function testDeps(overrides: Record<string, string> = {}): Deps {
  const config = testConfig(overrides);
  return createDeps(config, createLogger(config.LOG_LEVEL), {
    databaseUrl: config.DATABASE_URL!,
    redisUrl: config.REDIS_URL!,
  });
}

export async function listen(app: Koa): Promise<{ server: Server; base: string }> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The real app over real HTTP, on this jest worker's database and Redis prefix. */
export async function startTestApp(opts: { deps?: Deps; app?: (deps: Deps) => Koa } = {}): Promise<TestApp> {
  const deps = opts.deps ?? testDeps();
  const { server, base } = await listen((opts.app ?? createApp)(deps));
  const http = axios.create({ baseURL: base, validateStatus: () => true, proxy: false });
  return {
    deps,
    base,
    http,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await closeDeps(deps);
    },
  };
}
