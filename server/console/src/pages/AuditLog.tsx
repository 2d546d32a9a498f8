/** 系统日志: who changed what and when, filtered by project, person, object, action and date. */
import { Button, DatePicker, Select, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { TPage } from '../../../../shared/api/common';
import type { TAuditEntry, TUser } from '../../../../shared/api/identity';
import { formatDateTime } from '../../../../shared/datetime';
import { AUDIT_ACTION_LABEL, AUDIT_ENTITY_LABEL } from '../../../../shared/api/labels';
import { JsonDiff } from '../components/JsonDiff';
import { LoadError, usePaging } from '../components/table';
import { get } from '../lib/api';
import { useRequest } from '../lib/useRequest';
import { flattenProjects, useWorkspace } from '../workspace';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
const ENTITY_OPTIONS = options(AUDIT_ENTITY_LABEL);
// one entry per Chinese name: codes sharing one (审核通过: approve, approved) are asked for together, comma-separated
const ACTION_OPTIONS = [...new Set(Object.values(AUDIT_ACTION_LABEL))].map((label) => ({
  label,
  value: Object.keys(AUDIT_ACTION_LABEL)
    .filter((k) => AUDIT_ACTION_LABEL[k] === label)
    .join(','),
}));

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
    {
      title: '动作',
      dataIndex: 'action',
      width: 140,
      render: (v: string) => <Tag title={v}>{AUDIT_ACTION_LABEL[v] ?? v}</Tag>,
    },
    {
      title: '对象',
      dataIndex: 'entity',
      width: 120,
      render: (v: string) => <span title={v}>{AUDIT_ENTITY_LABEL[v] ?? v}</span>,
    },
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
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="对象"
            style={{ width: 160 }}
            value={entity}
            data-testid="audit-entity"
            virtual={false}
            options={ENTITY_OPTIONS}
            onChange={change(setEntity)}
          />
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder="动作"
            style={{ width: 170 }}
            value={action}
            data-testid="audit-action"
            virtual={false}
            options={ACTION_OPTIONS}
            onChange={change(setAction)}
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
      <LoadError error={list.error} what="系统日志" onRetry={list.reload} />
      {!list.error && (
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
      )}
    </div>
  );
}
