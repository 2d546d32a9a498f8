import type { TestApp } from './app';
import { loginAs } from './auth';

/**
 * Money roles and project grants asked for by the system admin wait for a business admin (待批准授权): the demo's
 * business admin approves every pending request, oldest first (a role before the project grants that need it).
 * Returns the initial passwords the approvals issued, by user id (a console account's first money role).
 */
export async function approvePendingGrants(t: TestApp): Promise<Map<number, string>> {
  const biz = await loginAs(t, 'hhadmin');
  const res = await biz.get('/api/grant-requests');
  if (res.status !== 200) throw new Error(`grant requests: ${res.status} ${JSON.stringify(res.data)}`);
  const passwords = new Map<number, string>();
  for (const r of res.data as Array<{ id: number; version: number; user: { id: number } }>) {
    const ok = await biz.post(`/api/grant-requests/${r.id}/approve`, { version: r.version });
    // fixtures set up projects side by side: another call may have approved this one a moment ago
    if (ok.status === 409 && ok.data?.details?.status === 'APPROVED') continue;
    if (ok.status !== 200) throw new Error(`approve ${r.id}: ${ok.status} ${JSON.stringify(ok.data)}`);
    if (ok.data.initialPassword) passwords.set(r.user.id, ok.data.initialPassword);
  }
  return passwords;
}
