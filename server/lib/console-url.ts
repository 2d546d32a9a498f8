import type { Deps } from '../deps';

/** The web console's address of `path` (e.g. `business/review?reviewId=3`), for DingTalk todos and action cards. */
export const consoleUrl = (deps: Pick<Deps, 'config'>, path: string) =>
  `${(deps.config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${deps.config.PORT}`).replace(/\/$/, '')}/console/${path.replace(/^\//, '')}`;
