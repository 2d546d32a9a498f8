/** 账号及角色: per project the users of each role (pick the project in the tree), the users, the roles. */
import { Tabs } from 'antd';
import { useState } from 'react';
import { GrantsPanel } from './accounts/GrantsPanel';
import { RolesPanel } from './accounts/RolesPanel';
import { UsersPanel } from './accounts/UsersPanel';

export function AccountsPage() {
  const [tab, setTab] = useState('grants');
  return (
    <Tabs
      activeKey={tab}
      onChange={setTab}
      items={[
        { key: 'grants', label: '项目授权', children: <GrantsPanel /> },
        { key: 'users', label: '用户', children: <UsersPanel /> },
        { key: 'roles', label: '角色', children: <RolesPanel /> },
      ]}
    />
  );
}
