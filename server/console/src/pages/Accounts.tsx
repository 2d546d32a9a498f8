/**
 * 账号及角色: per project the users of each role (pick the project in the tree), the users, the roles, and 待批准授权
 * (money roles and grants waiting for a business admin). The business admin sees 待批准授权 and 用户 (to reset a
 * money-role holder's password); the rest is the system admin's.
 */
import { Tabs } from 'antd';
import { useState } from 'react';
import { useAuth } from '../auth';
import { hasRole } from '../lib/access';
import { useQueryParam } from '../lib/router';
import { GrantRequestsPanel } from './accounts/GrantRequestsPanel';
import { GrantsPanel } from './accounts/GrantsPanel';
import { RolesPanel } from './accounts/RolesPanel';
import { UsersPanel } from './accounts/UsersPanel';

export function AccountsPage() {
  const { me } = useAuth();
  const sys = hasRole(me, 'SYSTEM_ADMIN');
  const items = [
    ...(sys ? [{ key: 'grants', label: '项目授权', children: <GrantsPanel /> }] : []),
    { key: 'users', label: '用户', children: <UsersPanel /> },
    ...(sys ? [{ key: 'roles', label: '角色', children: <RolesPanel /> }] : []),
    { key: 'grant-requests', label: '待批准授权', children: <GrantRequestsPanel /> },
  ];
  const asked = useQueryParam('tab');
  const [tab, setTab] = useState(items.some((i) => i.key === asked) ? asked! : sys ? 'grants' : 'grant-requests');
  return <Tabs activeKey={tab} onChange={setTab} items={items} />;
}
