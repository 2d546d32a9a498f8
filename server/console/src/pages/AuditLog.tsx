/** 系统日志: who changed what and when, filtered by project, person, object, action and date. */
import { AutoComplete, Button, DatePicker, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { TPage } from '../../../../shared/api/common';
import type { TAuditEntry, TUser } from '../../../../shared/api/identity';
import { formatDateTime } from '../../../../shared/datetime';
import { JsonDiff } from '../components/JsonDiff';
import { LoadError, usePaging } from '../components/table';
import { get } from '../lib/api';
import { useRequest } from '../lib/useRequest';
import { flattenProjects, useWorkspace } from '../workspace';

export const ENTITY_LABEL: Record<string, string> = {
  Project: '项目',
  ProjectBatch: '批次',
  ProjectGrant: '项目授权',
  User: '用户',
  Role: '角色',
  UserRole: '用户角色',
  OrgUnit: '组织',
  DingtalkSetting: '钉钉设置',
  RobotWebhook: '机器人',
  Session: '登录',
  ContactSync: '通讯录同步',
};
export const ACTION_LABEL: Record<string, string> = {
  create: '新建',
  update: '修改',
  delete: '删除',
  open: '开放',
  close: '关闭',
  settle: '清算',
  grant: '授权',
  move: '移动',
  deactivate: '停用',
  import_create: '导入新建',
  import_update: '导入更新',
  leave: '离职',
  disable: '停用',
  lock: '锁定',
  unlock: '解锁',
  reset_password: '重置密码',
  change_password: '修改密码',
  login: '登录',
  test: '测试',
};
const label = (map: Record<string, string>, v: string) => (map[v] ? `${map[v]}（${v}）` : v);

export function AuditLogPage() {
  const { tree, selection } = useWorkspace();
  const projects = useMemo(() => flattenProjects(tree), [tree]);
  const paging = usePaging();
  const [projectId, setProjectId] = useState<number | undefined>(
    selection?.kind === 'project' ? selection.id : undefined,
  );
  const [actorId, setActorId] = useState<number>();
  const [entity, setEntity] = useState<string>();
  const [action, setAction] = useState<string>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [actorQ, setActorQ] = useState('');

  useEffect(() => {
    if (selection?.kind === 'project') {
      setProjectId(selection.id);
      paging.resetPage();
    }
  }, [selection, paging.resetPage]);

  const { state } = paging;
  const from = range?.[0]?.format('YYYY-MM-DD');
  const to = range?.[1]?.format('YYYY-MM-DD');
  const list = useRequest(
    () =>
      get<TPage<TAuditEntry>>('/api/audit-logs', {
        projectId,
        actorId,
        entity,
        action,
        from,
        to,
        page: state.page,
        pageSize: state.pageSize,
      }),
    [projectId, actorId, entity, action, from, to, state.page, state.pageSize],
  );
  const actors = useRequest(() => get<TPage<TUser>>('/api/users', { q: actorQ, pageSize: 20 }), [actorQ]);
  const projectName = (id: number | null) =>
    id === null ? null : (projects.find((p) => p.id === id)?.name ?? `#${id}`);
  const change =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      paging.resetPage();
    };

  const columns: ColumnsType<TAuditEntry> = [
    {
      title: '时间',
      dataIndex: 'at',
      width: 150,
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '操作人',
      key: 'actor',
      width: 140,
      render: (_v, r) => r.actor?.name ?? <span className="muted">系统</span>,
    },
    { title: '动作', dataIndex: 'action', width: 110, render: (v: string) => <Tag>{ACTION_LABEL[v] ?? v}</Tag> },
    { title: '对象', dataIndex: 'entity', width: 120, render: (v: string) => ENTITY_LABEL[v] ?? v },
    {
      title: '对象ID',
      dataIndex: 'entityId',
      width: 90,
      render: (v: string | null) => <span className="num">{v ?? '—'}</span>,
    },
    {
      title: '项目',
      dataIndex: 'projectId',
      render: (v: number | null) => projectName(v) ?? <span className="muted">—</span>,
    },
    {
      title: 'IP',
      dataIndex: 'ip',
      width: 130,
      render: (v: string | null) => <span className="num muted">{v ?? '—'}</span>,
    },
  ];

  return (
    <div>
      <div className="toolbar">
        <div className="toolbar-left">
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="项目"
            style={{ width: 190 }}
            value={projectId}
            data-testid="audit-project"
            options={projects.map((p) => ({ value: p.id, label: p.name }))}
            onChange={change(setProjectId)}
          />
          <Select
            allowClear
            showSearch
            filterOption={false}
            placeholder="操作人"
            style={{ width: 150 }}
            value={actorId}
            onSearch={setActorQ}
            options={(actors.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))}
            onChange={change(setActorId)}
          />
          <AutoComplete
            allowClear
            placeholder="对象"
            style={{ width: 160 }}
            value={entity}
            data-testid="audit-entity"
            options={Object.keys(ENTITY_LABEL).map((k) => ({ value: k, label: label(ENTITY_LABEL, k) }))}
            onChange={(v: string | undefined) => change(setEntity)(v?.trim() ? v.trim() : undefined)}
          />
          <AutoComplete
            allowClear
            placeholder="动作"
            style={{ width: 140 }}
            value={action}
            options={Object.keys(ACTION_LABEL).map((k) => ({ value: k, label: label(ACTION_LABEL, k) }))}
            onChange={(v: string | undefined) => change(setAction)(v?.trim() ? v.trim() : undefined)}
          />
          <DatePicker.RangePicker value={range} onChange={(v) => change(setRange)(v)} />
        </div>
        <div className="toolbar-right">
          <Button
            onClick={() => {
              setProjectId(undefined);
              setActorId(undefined);
              setEntity(undefined);
              setAction(undefined);
              setRange(null);
              paging.resetPage();
            }}
          >
            清除筛选
          </Button>
        </div>
      </div>
      <LoadError error={list.error} what="系统日志" />
      <Table<TAuditEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.loading}
        pagination={paging.pagination(list.data?.total)}
        onChange={paging.onChange}
        expandable={{
          expandedRowRender: (r) => <JsonDiff before={r.before} after={r.after} />,
          rowExpandable: (r) => r.before !== null || r.after !== null,
        }}
      />
    </div>
  );
}
