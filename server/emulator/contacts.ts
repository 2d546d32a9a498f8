/**
 * Contacts family: users (get, getbyunionid, list, listid) and departments (listsub, listsubid) over the shared
 * organisation. Control: add, change and remove users and departments (each pushes DingTalk's contact event), list them.
 */
import { z } from 'zod';
import type { EventsFamily } from './events';
import {
  badRequest,
  json,
  notFound,
  oapiErr,
  ok,
  type ApiRoute,
  type ControlRoute,
  type EmuDept,
  type EmuUser,
  type EmulatorCore,
  type EmulatorFamily,
} from './shared';

const ZUserInput = z.object({
  userid: z.string().min(1).max(64),
  name: z.string().min(1),
  unionid: z.string().optional(),
  mobile: z.string().optional(),
  title: z.string().optional(),
  jobNumber: z.string().optional(),
  email: z.string().optional(),
  deptIdList: z.array(z.number().int()).optional(),
  active: z.boolean().optional(),
});
const ZDeptInput = z.object({
  deptId: z.number().int().positive().optional(),
  name: z.string().min(1),
  parentId: z.number().int().min(0).default(1),
});
const ZDeptChange = z.object({ name: z.string().min(1).optional(), parentId: z.number().int().optional() });

/** A user as /topapi/v2/user/get and /topapi/v2/user/list answer it. */
function rawUser(u: EmuUser) {
  return {
    userid: u.userid,
    unionid: u.unionid,
    name: u.name,
    avatar: '',
    state_code: '86',
    mobile: u.mobile,
    hide_mobile: false,
    telephone: '',
    job_number: u.jobNumber ?? '',
    title: u.title ?? '',
    email: u.email ?? '',
    org_email: '',
    work_place: '',
    remark: '',
    dept_id_list: u.deptIdList,
    dept_order_list: u.deptIdList.map((d) => ({ dept_id: d, order: 0 })),
    extension: '{}',
    hired_date: u.hiredDate,
    active: u.active,
    real_authed: true,
    senior: false,
    admin: u.admin,
    boss: u.boss,
    exclusive_account: false,
    leader_in_dept: u.deptIdList.map((d) => ({ dept_id: d, leader: false })),
    role_list: [],
  };
}

/** The fields of a user_modify_org event's diffInfo. */
function diffView(u: EmuUser) {
  return {
    name: u.name,
    telephone: '',
    email: u.email ?? '',
    jobNumber: u.jobNumber ?? '',
    mobile: u.mobile,
    title: u.title ?? '',
  };
}

export class ContactsFamily implements EmulatorFamily {
  nextDeptId = 900000;

  constructor(
    private readonly core: EmulatorCore,
    private readonly events: EventsFamily,
  ) {}

  /** The organisation itself is reloaded by the reset (org !== false), not here. */
  reset(): void {}

  private subDepts(id: number): EmuDept[] {
    return [...this.core.depts.values()].filter((d) => d.parentId === id && d.deptId !== id);
  }

  readonly apiRoutes: readonly ApiRoute[] = [
    {
      method: 'POST',
      path: '/topapi/v2/user/get',
      run: ({ body: b }) => {
        if (!b.userid) return oapiErr(400002, '参数错误');
        const u = this.core.users.get(String(b.userid));
        if (!u) return oapiErr(33012, '无效的USERID');
        return ok({ result: rawUser(u) });
      },
    },
    {
      method: 'POST',
      path: '/topapi/user/getbyunionid',
      run: ({ body: b }) => {
        const u = this.core.userByUnionId(String(b.unionid ?? ''));
        return u ? ok({ result: { contact_type: 0, userid: u.userid } }) : oapiErr(60121, '找不到该用户');
      },
    },
    {
      method: 'POST',
      path: '/topapi/v2/department/listsub',
      run: ({ body: b }) => {
        const id = b.dept_id === undefined ? 1 : Number(b.dept_id);
        if (!this.core.depts.has(id)) return oapiErr(60003, '部门不存在');
        return ok({
          result: this.subDepts(id).map((d) => ({
            dept_id: d.deptId,
            name: d.name,
            parent_id: d.parentId,
            create_dept_group: false,
            auto_add_user: false,
          })),
        });
      },
    },
    {
      method: 'POST',
      path: '/topapi/v2/department/listsubid',
      run: ({ body: b }) => {
        const id = Number(b.dept_id);
        if (!this.core.depts.has(id)) return oapiErr(60003, '部门不存在');
        return ok({ result: { dept_id_list: this.subDepts(id).map((d) => d.deptId) } });
      },
    },
    {
      method: 'POST',
      path: '/topapi/user/listid',
      run: ({ body: b }) => {
        const id = Number(b.dept_id);
        if (!this.core.depts.has(id)) return oapiErr(60003, '部门不存在');
        return ok({
          result: {
            userid_list: [...this.core.users.values()].filter((u) => u.deptIdList.includes(id)).map((u) => u.userid),
          },
        });
      },
    },
    {
      method: 'POST',
      path: '/topapi/v2/user/list',
      run: ({ body: b }) => {
        const deptId = Number(b.dept_id);
        const cursor = Number(b.cursor);
        const size = Number(b.size);
        if (
          !Number.isInteger(deptId) ||
          !Number.isInteger(cursor) ||
          cursor < 0 ||
          !Number.isInteger(size) ||
          size < 1 ||
          size > 100
        )
          return oapiErr(40035, '不合法的参数');
        if (!this.core.depts.has(deptId)) return oapiErr(60003, '部门不存在');
        const members = [...this.core.users.values()].filter((u) => u.deptIdList.includes(deptId));
        const page = members.slice(cursor, cursor + size);
        const hasMore = cursor + size < members.length;
        return ok({
          result: { has_more: hasMore, ...(hasMore ? { next_cursor: cursor + size } : {}), list: page.map(rawUser) },
        });
      },
    },
  ];

  private pushOrgEvent(eventType: string, fields: Record<string, unknown>): void {
    this.events.push(this.core.firstApp(), eventType, { timeStamp: String(this.core.now), ...fields });
  }

  readonly controlRoutes: readonly ControlRoute[] = [
    {
      method: 'POST',
      path: '/users',
      run: ({ body: b }) => {
        const parsed = ZUserInput.safeParse(b);
        if (!parsed.success) return badRequest(parsed.error.issues[0]!.message);
        const u = parsed.data;
        if (this.core.users.has(u.userid)) return json({ code: 'CONFLICT', message: '用户已存在' }, 409);
        const user: EmuUser = {
          userid: u.userid,
          unionid: u.unionid ?? `union-${u.userid}`,
          name: u.name,
          mobile: u.mobile ?? '',
          title: u.title,
          jobNumber: u.jobNumber,
          email: u.email,
          deptIdList: u.deptIdList ?? [1],
          active: u.active ?? true,
          admin: false,
          boss: false,
          sysLevel: 0,
        };
        this.core.users.set(user.userid, user);
        this.pushOrgEvent('user_add_org', { userId: [user.userid] });
        return json(user, 201);
      },
    },
    {
      method: 'POST',
      path: '/users/bulk',
      run: ({ body: b }) => {
        const parsed = z.object({ users: z.array(ZUserInput).max(50_000) }).safeParse(b);
        if (!parsed.success) return badRequest(parsed.error.issues[0]!.message);
        for (const u of parsed.data.users)
          this.core.users.set(u.userid, {
            userid: u.userid,
            unionid: u.unionid ?? `union-${u.userid}`,
            name: u.name,
            mobile: u.mobile ?? '',
            title: u.title,
            jobNumber: u.jobNumber,
            deptIdList: u.deptIdList ?? [1],
            active: u.active ?? true,
            admin: false,
            boss: false,
            sysLevel: 0,
          });
        return json({ added: parsed.data.users.length });
      },
    },
    {
      method: 'DELETE',
      path: /^\/users\/([^/]+)$/,
      run: ({ params: [userid] }) => {
        const u = this.core.users.get(userid!);
        if (!u) return notFound('用户不存在');
        this.core.users.delete(u.userid);
        this.pushOrgEvent('user_leave_org', { userId: [u.userid] });
        return json({ removed: u.userid });
      },
    },
    {
      method: 'PATCH',
      path: /^\/users\/([^/]+)$/,
      run: ({ params: [userid], body: b }) => {
        const u = this.core.users.get(userid!);
        if (!u) return notFound('用户不存在');
        const parsed = ZUserInput.partial().omit({ userid: true, unionid: true }).safeParse(b);
        if (!parsed.success) return badRequest(parsed.error.issues[0]!.message);
        const prev = diffView(u);
        Object.assign(u, Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)));
        this.pushOrgEvent(parsed.data.active === true ? 'user_active_org' : 'user_modify_org', {
          userId: [u.userid],
          diffInfo: { prev, curr: diffView(u), userid: u.userid },
        });
        return json(u);
      },
    },
    {
      method: 'POST',
      path: '/departments',
      run: ({ body: b }) => {
        const parsed = ZDeptInput.safeParse(b);
        if (!parsed.success) return badRequest(parsed.error.issues[0]!.message);
        if (!this.core.depts.has(parsed.data.parentId)) return notFound('上级部门不存在');
        const deptId = parsed.data.deptId ?? this.nextDeptId++;
        if (this.core.depts.has(deptId)) return json({ code: 'CONFLICT', message: '部门已存在' }, 409);
        const d: EmuDept = { deptId, name: parsed.data.name, parentId: parsed.data.parentId };
        this.core.depts.set(deptId, d);
        this.pushOrgEvent('org_dept_create', { deptId: [deptId] });
        return json(d, 201);
      },
    },
    {
      method: 'DELETE',
      path: /^\/departments\/(\d+)$/,
      run: ({ params: [id] }) => {
        const d = this.core.depts.get(Number(id));
        if (!d) return notFound('部门不存在');
        if (
          [...this.core.users.values()].some((u) => u.deptIdList.includes(d.deptId)) ||
          [...this.core.depts.values()].some((x) => x.parentId === d.deptId)
        )
          return json({ code: 'CONFLICT', message: '部门下还有成员或子部门' }, 409);
        this.core.depts.delete(d.deptId);
        this.pushOrgEvent('org_dept_remove', { deptId: [d.deptId] });
        return json({ removed: d.deptId });
      },
    },
    {
      method: 'PATCH',
      path: /^\/departments\/(\d+)$/,
      run: ({ params: [id], body: b }) => {
        const d = this.core.depts.get(Number(id));
        if (!d) return notFound('部门不存在');
        const parsed = ZDeptChange.safeParse(b);
        if (!parsed.success) return badRequest(parsed.error.issues[0]!.message);
        if (parsed.data.name) d.name = parsed.data.name;
        if (parsed.data.parentId !== undefined) d.parentId = parsed.data.parentId;
        this.pushOrgEvent('org_dept_modify', { deptId: [d.deptId] });
        return json(d);
      },
    },
    { method: 'GET', path: '/users', run: () => json({ items: [...this.core.users.values()] }) },
    { method: 'GET', path: '/departments', run: () => json({ items: [...this.core.depts.values()] }) },
  ];
}
