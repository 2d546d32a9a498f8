import { demoOrgUnits, demoUnionId, demoUsers } from '../seed/demo-data';

export interface EmuDept {
  deptId: number;
  name: string;
  parentId: number;
}
export interface EmuUser {
  userid: string;
  unionid: string;
  name: string;
  mobile: string;
  title?: string;
  jobNumber?: string;
  email?: string;
  deptIdList: number[];
  active: boolean;
  admin: boolean;
  boss: boolean;
  sysLevel: number;
  hiredDate?: number;
}

/** The emulator's organisation: the demo org (server/seed/demo-data.ts), so 免登 in the demo maps to our seeded users. */
export function demoOrganisation(): { depts: EmuDept[]; users: EmuUser[] } {
  const byCode = new Map(demoOrgUnits.map((u) => [u.code, u]));
  const depts = demoOrgUnits.map((u) => ({
    deptId: u.dingDeptId,
    name: u.name,
    parentId: u.parent ? byCode.get(u.parent)!.dingDeptId : 0,
  }));
  const users = demoUsers.map((u, i) => ({
    userid: u.dingUserId,
    unionid: demoUnionId(u.dingUserId),
    name: u.name,
    mobile: u.mobile,
    title: u.title,
    jobNumber: `JY${String(10001 + i)}`,
    deptIdList: [byCode.get(u.orgUnit)!.dingDeptId],
    active: true,
    admin: u.roles.includes('SYSTEM_ADMIN'),
    boss: false,
    sysLevel: u.roles.includes('SYSTEM_ADMIN') ? 1 : 0,
  }));
  return { depts, users };
}
