import fc from 'fast-check';
import { exceedsDeletionThreshold, planContactSync, type LocalContact, type RemoteContact } from './plan';

const local = (id: number, userid: string, extra: Partial<LocalContact> = {}): LocalContact => ({
  id,
  dingUserId: userid,
  name: `n${id}`,
  mobile: null,
  title: null,
  jobNumber: null,
  dingUnionId: `union-${userid}`,
  deptIds: [1],
  status: 'ACTIVE',
  ...extra,
});
const remote = (userid: string, name: string, extra: Partial<RemoteContact> = {}): RemoteContact => ({
  userid,
  unionid: `union-${userid}`,
  name,
  deptIdList: [1],
  ...extra,
});

describe('planContactSync', () => {
  it('creates new, updates changed, leaves the unchanged alone and marks the missing as left', () => {
    const plan = planContactSync(
      [local(1, 'a'), local(2, 'b'), local(3, 'c')],
      [remote('a', 'n1'), remote('b', '新名字'), remote('d', '新人')],
      { deactivateMissing: true },
    );
    expect(plan.create.map((c) => c.userid)).toEqual(['d']);
    expect(plan.update).toEqual([
      { id: 2, remote: expect.objectContaining({ userid: 'b' }), changed: ['name'], reactivate: false },
    ]);
    expect(plan.deactivate.map((d) => d.id)).toEqual([3]);
  });
  it('never deactivates on an incremental pass, and lists a user in two departments once', () => {
    const plan = planContactSync([local(1, 'a')], [remote('b', 'x'), remote('b', 'x', { deptIdList: [2] })], {
      deactivateMissing: false,
    });
    expect(plan.deactivate).toEqual([]);
    expect(plan.create).toHaveLength(1);
  });
  it('is idempotent: applying the plan and planning again gives nothing to do', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 }),
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 6 }),
        (mine, theirs) => {
          const l = mine.map((u, i) => local(i + 1, u));
          const r = theirs.map((u) => remote(u, `name-${u}`));
          const plan = planContactSync(l, r, { deactivateMissing: true });
          const applied: LocalContact[] = [
            ...l
              .map((x) => (plan.deactivate.some((d) => d.id === x.id) ? { ...x, status: 'LEFT' as const } : x))
              .map((x) => {
                const u = plan.update.find((p) => p.id === x.id);
                return u ? { ...x, name: u.remote.name, status: 'ACTIVE' as const } : x;
              }),
            ...plan.create.map((c, i) => local(100 + i, c.userid, { name: c.name })),
          ];
          const again = planContactSync(applied, r, { deactivateMissing: true });
          expect(again.create).toEqual([]);
          expect(again.update).toEqual([]);
          expect(again.deactivate).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('deletion threshold', () => {
  it('stops a sync that would mark too many as left', () => {
    const l = Array.from({ length: 10 }, (_, i) => local(i + 1, `u${i}`));
    const plan = planContactSync(
      l,
      l.slice(0, 7).map((x) => remote(x.dingUserId, x.name)),
      { deactivateMissing: true },
    );
    expect(exceedsDeletionThreshold(plan, l, 0.1)).toEqual({ exceeded: true, ratio: 0.3 });
    expect(exceedsDeletionThreshold(plan, l, 0.5).exceeded).toBe(false);
  });
});
