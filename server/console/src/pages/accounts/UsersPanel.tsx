/** Users: search, filter by role and status, create, edit roles/status, reset password, unlock. */
import { EditOutlined, KeyOutlined, LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { TPage } from '../../../../../shared/api/common';
import {
  USER_STATUSES,
  USER_STATUS_LABEL,
  ZUserCreate,
  ZUserUpdate,
  type TPasswordReset,
  type TRole,
  type TUser,
  type TUserCreated,
  type TUserStatus,
} from '../../../../../shared/api/identity';
import { LoadError, usePaging } from '../../components/table';
import { errorMessage, get, patch, post } from '../../lib/api';
import {
  applyApiErrors,
  blankToUndefined,
  isVersionConflict,
  parseWith,
  VERSION_CONFLICT_TEXT,
  zodRule,
} from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';
import { useAuth } from '../../auth';
import { can, hasRole } from '../../lib/access';
import { isMoneyRole } from '../../../../../shared/api/duties';
import { unitOptions, useWorkspace } from '../../workspace';

const STATUS_COLOR: Record<TUserStatus, string> = { ACTIVE: 'green', LEFT: 'default', DISABLED: 'red' };

export function UsersPanel() {
  const { modal, message } = App.useApp();
  const { me } = useAuth();
  const manage = can.manageUsers(me);
  const bizAdmin = hasRole(me, 'BUSINESS_ADMIN');
  /** Whoever resets knows the password: a money-role holder's by a business admin, anyone else's by the system admin. */
  const mayReset = (u: TUser) =>
    !!u.username && u.id !== me?.id && (u.roles.some((r) => isMoneyRole(r.kind)) ? bizAdmin : manage);
  const paging = usePaging();
  const [q, setQ] = useState('');
  const [roleId, setRoleId] = useState<number>();
  const [status, setStatus] = useState<TUserStatus>();
  const [editing, setEditing] = useState<TUser | 'new' | null>(null);
  const { state } = paging;
  const list = useRequest(
    () => get<TPage<TUser>>('/api/users', { q, roleId, status, page: state.page, pageSize: state.pageSize }),
    [q, roleId, status, state.page, state.pageSize],
  );
  const roles = useRequest(() => get<TRole[]>('/api/roles'), []);

  const showPassword = (user: string, password: string) =>
    modal.success({
      title: `${user} 的初始密码`,
      content: (
        <div>
          <Typography.Paragraph
            copyable={{ text: password }}
            style={{ fontSize: 18, fontFamily: 'monospace', margin: '12px 0' }}
            data-testid="initial-password"
          >
            {password}
          </Typography.Paragraph>
          <Typography.Text type="secondary">
            请通过安全的方式告知本人。首次登录时须修改密码，此密码不会再次显示。
          </Typography.Text>
        </div>
      ),
      okText: '我已记下',
    });

  const resetPassword = async (u: TUser) => {
    try {
      const r = await post<TPasswordReset>(`/api/users/${u.id}/reset-password`);
      showPassword(u.name, r.initialPassword);
      await list.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const unlock = async (u: TUser) => {
    try {
      await post(`/api/users/${u.id}/unlock`);
      message.success(`${u.name} 已解锁`);
      await list.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: ColumnsType<TUser> = [
    {
      title: '姓名',
      dataIndex: 'name',
      width: 120,
      fixed: 'left',
      render: (v: string, u) => (
        <Space size={4}>
          {v}
          {manage && u.locked && (
            <Tooltip title="密码多次输错已锁定">
              <LockOutlined style={{ color: '#cf1322' }} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    { title: '用户名', dataIndex: 'username', render: (v: string | null) => v ?? <span className="muted">—</span> },
    {
      title: '手机',
      dataIndex: 'mobile',
      width: 130,
      render: (v: string | null) => <span className="num">{v ?? '—'}</span>,
    },
    { title: '组织', key: 'org', render: (_v, u) => u.orgUnit?.name ?? <span className="muted">—</span> },
    {
      title: '角色',
      key: 'roles',
      render: (_v, u) =>
        u.roles.map((r) => (
          <Tag
            key={r.id}
            color={r.kind === 'PARTNER' ? undefined : 'red'}
            variant={r.kind === 'PARTNER' ? 'filled' : 'outlined'}
          >
            {r.name}
          </Tag>
        )),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (v: TUserStatus) => <Tag color={STATUS_COLOR[v]}>{USER_STATUS_LABEL[v]}</Tag>,
    },
    {
      title: '钉钉',
      dataIndex: 'dingUserId',
      width: 80,
      align: 'center',
      render: (v: string | null) => (v ? <Tag color="blue">已绑定</Tag> : <span className="muted">—</span>),
    },
    {
      title: '操作',
      key: 'a',
      width: 230,
      fixed: 'right',
      render: (_v, u) => (
        <Space size={0}>
          {manage && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
              编辑
            </Button>
          )}
          {mayReset(u) && (
            <Button
              type="link"
              size="small"
              icon={<KeyOutlined />}
              onClick={() =>
                modal.confirm({
                  title: `重置 ${u.name} 的密码？`,
                  content: '将生成新的初始密码，原密码立即失效，该用户的登录会话也会被注销。',
                  okText: '重置',
                  okButtonProps: { danger: true },
                  cancelText: '取消',
                  onOk: () => resetPassword(u),
                })
              }
            >
              重置密码
            </Button>
          )}
          {manage && u.locked && (
            <Button type="link" size="small" icon={<UnlockOutlined />} onClick={() => void unlock(u)}>
              解锁
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div>
      <div className="toolbar">
        <div className="toolbar-left">
          {manage ? (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                新建用户
              </Button>
              <span className="muted">
                员工账号由钉钉通讯录同步；仅需登录管理后台的人员设置用户名和密码。业务管理员、经营会计角色须业务管理员批准后生效。
              </span>
            </>
          ) : (
            <span className="muted">业务管理员、经营会计的密码由业务管理员重置；其他账号由系统管理员管理。</span>
          )}
        </div>
        <div className="toolbar-right">
          <Select
            allowClear
            placeholder="角色"
            style={{ width: 180 }}
            value={roleId}
            options={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
            onChange={(v: number | undefined) => {
              setRoleId(v);
              paging.resetPage();
            }}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 100 }}
            value={status}
            options={USER_STATUSES.map((s) => ({ value: s, label: USER_STATUS_LABEL[s] }))}
            onChange={(v: TUserStatus | undefined) => {
              setStatus(v);
              paging.resetPage();
            }}
          />
          <Input.Search
            allowClear
            placeholder="姓名、用户名或手机"
            style={{ width: 220 }}
            onSearch={(v) => {
              setQ(v.trim());
              paging.resetPage();
            }}
          />
        </div>
      </div>
      <LoadError error={list.error} what="用户列表" onRetry={list.reload} />
      {!list.error && (
        <Table<TUser>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.loading}
          pagination={paging.pagination(list.data?.total)}
          onChange={paging.onChange}
          scroll={{ x: 1100 }}
        />
      )}
      {editing && (
        <UserFormModal
          user={editing === 'new' ? null : editing}
          roles={roles.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={async (created) => {
            setEditing(null);
            await list.reload();
            if (created?.pendingRoles.length)
              message.info(
                `${created.pendingRoles.map((r) => r.name).join('、')} 已提交业务管理员批准，批准后生效（待批准授权）`,
              );
            if (created?.initialPassword) showPassword(created.user.name, created.initialPassword);
          }}
        />
      )}
    </div>
  );
}

interface UserValues {
  username?: string;
  name?: string;
  mobile?: string;
  dingUserId?: string;
  orgUnitId?: number | null;
  roleIds?: number[];
  status?: TUserStatus;
}
const USER_FIELDS = ['username', 'name', 'mobile', 'dingUserId', 'orgUnitId', 'roleIds', 'status'];

function UserFormModal({
  user,
  roles,
  onClose,
  onSaved,
}: {
  user: TUser | null;
  roles: TRole[];
  onClose: () => void;
  onSaved: (created?: TUserCreated) => Promise<void>;
}) {
  const { tree } = useWorkspace();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const [current, setCurrent] = useState(user);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toValues = (u: TUser): UserValues => ({
    name: u.name,
    mobile: u.mobile ?? undefined,
    orgUnitId: u.orgUnit?.id ?? null,
    roleIds: u.roles.map((r) => r.id),
    status: u.status,
  });

  const submit = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      if (current) {
        const body = parseWith(form, ZUserUpdate, {
          version: current.version,
          name: v.name,
          mobile: v.mobile?.trim() ? v.mobile : null,
          orgUnitId: v.orgUnitId ?? null,
          status: v.status,
          roleIds: v.roleIds ?? [],
        });
        if (!body) return;
        await patch(`/api/users/${current.id}`, body);
        const held = current.roles.map((r) => r.id);
        const asked = roles.filter((r) => body.roleIds?.includes(r.id) && !held.includes(r.id) && isMoneyRole(r.kind));
        if (asked.length)
          void message.info(`${asked.map((r) => r.name).join('、')} 已提交业务管理员批准，批准后生效（待批准授权）`);
        await onSaved();
      } else {
        const body = parseWith(
          form,
          ZUserCreate,
          blankToUndefined({
            username: v.username,
            name: v.name,
            mobile: v.mobile,
            dingUserId: v.dingUserId,
            orgUnitId: v.orgUnitId ?? undefined,
            roleIds: v.roleIds ?? [],
          }),
        );
        if (!body) return;
        await onSaved(await post<TUserCreated>('/api/users', body));
      }
    } catch (err) {
      if (current && isVersionConflict(err)) {
        const fresh = await get<TUser>(`/api/users/${current.id}`).catch(() => null);
        if (fresh) {
          setCurrent(fresh);
          form.setFieldsValue(toValues(fresh));
        }
        setError(VERSION_CONFLICT_TEXT);
      } else if (!applyApiErrors(form, err, USER_FIELDS)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={current ? `编辑用户 · ${current.name}` : '新建用户'}
      width={560}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<UserValues> form={form} layout="vertical" initialValues={current ? toValues(current) : { roleIds: [] }}>
        {!current && (
          <Form.Item
            name="username"
            label="用户名（登录管理后台用）"
            rules={[zodRule(ZUserCreate, 'username')]}
            extra="留空则只能通过钉钉登录；填写后系统生成初始密码"
          >
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="name" label="姓名" required rules={[zodRule(ZUserCreate, 'name')]}>
          <Input />
        </Form.Item>
        <Form.Item name="mobile" label="手机号" rules={[zodRule(ZUserCreate, 'mobile')]}>
          <Input />
        </Form.Item>
        {!current && (
          <Form.Item name="dingUserId" label="钉钉 userid" rules={[zodRule(ZUserCreate, 'dingUserId')]}>
            <Input />
          </Form.Item>
        )}
        <Form.Item name="orgUnitId" label="所属组织">
          <TreeSelect
            allowClear
            treeData={unitOptions(tree)}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            placeholder="选择组织"
          />
        </Form.Item>
        <Form.Item name="roleIds" label="角色" rules={[zodRule(ZUserCreate, 'roleIds')]}>
          <Select
            mode="multiple"
            allowClear
            placeholder="选择角色"
            options={roles.map((r) => ({ value: r.id, label: r.name }))}
          />
        </Form.Item>
        {current && (
          <Form.Item name="status" label="状态" extra="离职、停用的用户立即失去登录会话">
            <Select options={USER_STATUSES.map((s) => ({ value: s, label: USER_STATUS_LABEL[s] }))} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
