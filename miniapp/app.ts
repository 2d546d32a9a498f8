/**
 * 事业合伙 mini-program. Login is silent (免登) and lazy: the first request of any page — including a page
 * opened from a work notification's eapp:// link — obtains a session (services/request.ts).
 */
import { config } from './config';

export interface GlobalData {
  env: string;
  /** The page and query the mini-program was launched with (deep links). */
  launchPath: string | null;
  launchQuery: PageQuery;
}

App<GlobalData>({
  globalData: { env: config.env, launchPath: null, launchQuery: {} },
  onLaunch(options) {
    this.globalData.launchPath = options.path ?? null;
    this.globalData.launchQuery = options.query ?? {};
  },
});
