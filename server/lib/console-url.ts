import { publicUrl } from '../config';
import type { Deps } from '../deps';

/** The web console's address of `path` (e.g. `business/review?reviewId=3`), for DingTalk todos and action cards. */
export const consoleUrl = (deps: Pick<Deps, 'config'>, path: string) =>
  publicUrl(deps.config, `console/${path.replace(/^\//, '')}`);
