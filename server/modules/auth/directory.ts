import type { Deps } from '../../deps';
import type { DingtalkDirectory } from './dingtalk-login';
import { dingtalkClientFor } from '../../dingtalk/client';

/** The DingTalk directory used by 免登: the shared DingTalk client (settings from the database or the environment). */
export async function directoryFor(deps: Deps): Promise<DingtalkDirectory> {
  return dingtalkClientFor(deps);
}
