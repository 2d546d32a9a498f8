// One DingTalk client per worker process, rebuilt at most every 5 s: jobs share it, and changed settings still reach
// running workers.
import type { Deps } from '../../deps';
import { dingtalkClientFor, type DingtalkClient } from '../../dingtalk/client';

export class ClientCache {
  private cached?: { at: number; client: DingtalkClient };
  constructor(
    private readonly deps: Deps,
    private readonly timeoutMs: number,
  ) {}
  async get(): Promise<DingtalkClient> {
    if (!this.cached || Date.now() - this.cached.at > 5000)
      this.cached = { at: Date.now(), client: await dingtalkClientFor(this.deps, { timeoutMs: this.timeoutMs }) };
    return this.cached.client;
  }
}
