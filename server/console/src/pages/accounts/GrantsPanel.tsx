/** Pick a project on the left, tick the users who manage it for each role (the manual's 用户项目授权). */
import { SaveOutlined } from '@ant-design/icons';
import { App, Button, Checkbox, Empty, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { USER_STATUS_LABEL, type TProjectGrants } from '../../../../../shared/api/identity';
import { LoadError } from '../../components/table';
import { errorMessage, get, put } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';
import { useWorkspace } from '../../workspace';

export function GrantsPanel() {
  const { selection } = useWorkspace();
  const projectId = selection?.kind === 'project' ? selection.id : null;
  const grants = useRequest(() => get<TProjectGrants>(`/api/projects/${projectId}/grants`), [projectId], {
    skip: projectId === null,
  });

  if (projectId === null) {
    return (
      <Empty
        style={{ padding: '48px 0' }}
        description={
          <span>
            请在左侧选择一个项目，
            <br />
            再为每个角色勾选有管理权限的用户
          </span>
        }
      />
    );
  }
  if (grants.loading && !grants.data) return <Skeleton active />;
  if (grants.error) return <LoadError error={grants.error} what="项目授权" onRetry={grants.reload} />;
  if (!grants.data) return null;
  return (
    <div data-testid="grants">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {grants.data.project.name} · 用户授权
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        为每个角色分别勾选用户并保存：取消授权立即生效，新增授权须业务管理员批准后生效。经营会计只能看到和办理被授权的项目。
      </Typography.Paragraph>
      {grants.data.roles.length === 0 && <Empty description="暂无可授权的角色" />}
      {grants.data.roles.map((r) => (
        <RoleGrant key={r.role.id} projectId={projectId} entry={r} onSaved={grants.reload} />
      ))}
    </div>
  );
}

function RoleGrant({
  projectId,
  entry,
  onSaved,
}: {
  projectId: number;
  entry: TProjectGrants['roles'][number];
  onSaved: () => Promise<void>;
}) {
  const { message } = App.useApp();
  // a grant asked for shows ticked, marked 待批准: it applies once a business admin approves (待批准授权)
  const initialKey = entry.users
    .filter((u) => u.granted || u.pending)
    .map((u) => u.id)
    .join(',');
  const initial = useMemo(() => (initialKey ? initialKey.split(',').map(Number) : []), [initialKey]);
  const [checked, setChecked] = useState<number[]>(initial);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState(false);
  // reset only when this role's saved grants change, so saving one role keeps unsaved ticks in the others
  useEffect(() => setChecked(initial), [initial]);

  const dirty = checked.length !== initial.length || checked.some((id) => !initial.includes(id));
  const users = entry.users.filter((u) => !filter || u.name.includes(filter));

  const save = async () => {
    setBusy(true);
    try {
      await put(`/api/projects/${projectId}/grants/${entry.role.id}`, { userIds: checked });
      const added = checked.some((id) => !initial.includes(id));
      message.success(
        added
          ? `「${entry.role.name}」授权已保存：新增的授权已提交业务管理员批准，批准后生效`
          : `「${entry.role.name}」授权已保存`,
      );
      await onSaved();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="grant-role" data-testid={`grant-role-${entry.role.id}`}>
      <div className="grant-role-head">
        <Space>
          <Typography.Text strong>{entry.role.name}</Typography.Text>
          <Tag>
            {checked.length} / {entry.users.length} 人
          </Tag>
          {dirty && <Tag color="orange">未保存</Tag>}
        </Space>
        <Space>
          {entry.users.length > 12 && (
            <Input.Search
              size="small"
              allowClear
              placeholder="筛选姓名"
              onChange={(e) => setFilter(e.target.value.trim())}
              style={{ width: 160 }}
            />
          )}
          <Button size="small" onClick={() => setChecked(initial)} disabled={!dirty}>
            还原
          </Button>
          <Button
            size="small"
            type="primary"
            icon={<SaveOutlined />}
            loading={busy}
            disabled={!dirty}
            onClick={() => void save()}
          >
            保存
          </Button>
        </Space>
      </div>
      {entry.users.length === 0 ? (
        <Typography.Text type="secondary">该角色下还没有用户，请先在「用户」中为用户分配此角色。</Typography.Text>
      ) : (
        <Checkbox.Group
          value={checked}
          onChange={(v) => setChecked([...checked.filter((id) => !users.some((u) => u.id === id)), ...v])}
          options={users.map((u) => ({
            value: u.id,
            disabled: u.pending,
            label: (
              <span>
                {u.name}
                {u.pending && (
                  <Tag color="orange" style={{ marginLeft: 4 }} title="已申请，待业务管理员批准后生效">
                    待批准
                  </Tag>
                )}
                {u.status !== 'ACTIVE' && (
                  <Tag color="default" style={{ marginLeft: 4 }}>
                    {USER_STATUS_LABEL[u.status]}
                  </Tag>
                )}
              </span>
            ),
          }))}
        />
      )}
    </div>
  );
}
