/**
 * What the sync reads from DingTalk's directory: the calls it needs, retried when DingTalk asks us to slow down,
 * the department walk and the shape of a DingTalk user as the pure planner sees it.
 */
import type { DingtalkDepartment, DingtalkUser } from '../../dingtalk/client';
import type { RemoteContact } from './plan';

/** The DingTalk directory calls the sync needs (the DingTalk client implements them). */
export interface ContactDirectory {
  listSubDepartments(deptId: number): Promise<DingtalkDepartment[]>;
  listAllDepartmentUsers(deptId: number): Promise<DingtalkUser[]>;
  getUser(userid: string): Promise<DingtalkUser>;
}

export const ROOT_DEPT = 1;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A full sync makes one call per department and page, which can pass DingTalk's 20 calls/s per app:
 * retryable failures (rate limit, busy, network) are retried after a pause — DingTalk advises 1 s.
 */
export function patientDirectory(dir: ContactDirectory, attempts = 5): ContactDirectory {
  const retry = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let i = 1; ; i++) {
      try {
        return await fn();
      } catch (err) {
        if (i >= attempts || !(err as { retryable?: boolean }).retryable) throw err;
        await sleep(1000 * i + Math.floor(Math.random() * 200));
      }
    }
  };
  return {
    listSubDepartments: (id) => retry(() => dir.listSubDepartments(id)),
    listAllDepartmentUsers: (id) => retry(() => dir.listAllDepartmentUsers(id)),
    getUser: (id) => retry(() => dir.getUser(id)),
  };
}

/** Every department below the root, breadth first (DingTalk's listsub returns direct children only). */
export async function walkDepartments(dir: ContactDirectory): Promise<DingtalkDepartment[]> {
  const out: DingtalkDepartment[] = [];
  const queue = [ROOT_DEPT];
  while (queue.length) {
    const children = await dir.listSubDepartments(queue.shift()!);
    for (const c of children) {
      out.push(c);
      queue.push(c.deptId);
    }
  }
  return out;
}

export const toRemote = (u: DingtalkUser): RemoteContact => ({
  userid: u.userid,
  unionid: u.unionid,
  name: u.name,
  mobile: u.mobile ?? null,
  title: u.title ?? null,
  jobNumber: u.jobNumber ?? null,
  deptIdList: u.deptIdList,
});
