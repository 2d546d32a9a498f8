/** 项目维护: the project list (search, filters, server paging and sort), create/edit, 开放/清算, 管理批次, Excel import. */
import { EditOutlined, ImportOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Select, Switch, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { TPage } from '../../../../shared/api/common';
import {
  PROJECT_OPERATOR_LABEL,
  type TBatch,
  type TProject,
  type TProjectBusinessState,
} from '../../../../shared/api/identity';
import { formatMoney } from '../../../../shared/money';
import { useAuth } from '../auth';
import { LoadError, usePaging } from '../components/table';
import { can } from '../lib/access';
import { errorMessage, get, put } from '../lib/api';
import { isVersionConflict, VERSION_CONFLICT_TEXT } from '../lib/forms';
import { useRequest } from '../lib/useRequest';
import { findProjectSelection, useWorkspace } from '../workspace';
import { navigate } from '../lib/router';
import { BatchesModal } from './projects/BatchesModal';
import { ImportModal } from './projects/ImportModal';
import { ProjectFormModal } from './projects/ProjectFormModal';

export function ProjectsPage() {
  const { me } = useAuth();
  const { modal, message } = App.useApp();
  const { selection, reloadTree, tree, select } = useWorkspace();
  // the project just created: what follows is 授权 (quick guide 1.1.2), offered as a button
  const [created, setCreated] = useState<TProject | null>(null);
  const createdInTree = created ? findProjectSelection(tree, created.id) : null;
  const editable = can.editProjects(me);
  const paging = usePaging({ sort: 'id', order: 'asc' });
  const [q, setQ] = useState('');
  const [batchId, setBatchId] = useState<number>();
  const [isOpen, setIsOpen] = useState<'true' | 'false'>();
  const [editing, setEditing] = useState<TProject | 'new' | null>(null);
  const [batchesOpen, setBatchesOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [busyId, setBusyId] = useState<number | null>(null);

  const orgUnitId =
    selection?.kind === 'org' ? selection.id : selection?.kind === 'project' ? selection.orgUnitId : undefined;
  const { state } = paging;
  const list = useRequest(
    () =>
      get<TPage<TProject>>('/api/projects', {
        q,
        orgUnitId,
        batchId,
        isOpen,
        page: state.page,
        pageSize: state.pageSize,
        sort: state.sort,
        order: state.order,
      }),
    [q, orgUnitId, batchId, isOpen, state.page, state.pageSize, state.sort, state.order],
  );
  const batches = useRequest(() => get<TBatch[]>('/api/batches'), []);

  const afterChange = async () => {
    await Promise.all([list.reload(), reloadTree(), batches.reload()]);
  };

  const setFlag = async (p: TProject, flag: 'isOpen' | 'isSettled', value: boolean) => {
    setBusyId(p.id);
    try {
      await put(`/api/projects/${p.id}/flags`, { version: p.version, [flag]: value });
      message.success(
        flag === 'isOpen' ? (value ? `「${p.name}」已开放` : `「${p.name}」已关闭`) : `「${p.name}」已清算`,
      );
      await afterChange();
    } catch (err) {
      if (isVersionConflict(err)) {
        message.warning(VERSION_CONFLICT_TEXT);
        await list.reload();
      } else message.error(errorMessage(err));
    } finally {
      setBusyId(null);
    }
  };

  /**
   * 开放 / 关闭: a project with business (认购轮次) asks first, naming its partners and the money still open;
   * one without business switches at once.
   */
  const toggleOpen = async (p: TProject, value: boolean) => {
    setBusyId(p.id);
    let state: TProjectBusinessState;
    try {
      state = await get<TProjectBusinessState>(`/api/projects/${p.id}/business-state`);
    } catch (err) {
      message.error(errorMessage(err));
      setBusyId(null);
      return;
    }
    setBusyId(null);
    if (state.rounds === 0) return setFlag(p, 'isOpen', value);
    const money = [
      state.unpaidCount > 0
        ? `尚有 ${state.unpaidCount} 笔缴款未缴清，合计 ${formatMoney(state.unpaidAmount)}`
        : '缴款均已缴清',
      ...(state.refundsOwedCount > 0
        ? [`另有 ${state.refundsOwedCount} 笔退款待付，合计 ${formatMoney(state.refundsOwedAmount)}`]
        : []),
    ];
    modal.confirm({
      title: value ? `开放「${p.name}」？` : `关闭「${p.name}」？`,
      content: (
        <div data-testid="open-confirm">
          <p>
            该项目已在办理业务：{state.rounds} 个认购轮次、{state.partners} 位合伙人；{money.join('；')}。
          </p>
          <p>
            {value
              ? '开放后项目恢复为正常状态。'
              : '关闭后项目在组织树中标为“未开放”；已发出的缴款、退款不会因此取消，仍需确认或催缴。'}
          </p>
        </div>
      ),
      okText: value ? '确认开放' : '确认关闭',
      okButtonProps: value ? undefined : { danger: true },
      cancelText: '再想想',
      onOk: () => setFlag(p, 'isOpen', value),
    });
  };

  const confirmSettle = (p: TProject) => {
    modal.confirm({
      title: `确认将「${p.name}」标记为已清算？`,
      content: '清算表示项目已完成全部分配并结束。清算后项目关闭，不能撤销清算，也不能重新开放。',
      okText: '确认清算',
      okButtonProps: { danger: true },
      cancelText: '再想想',
      onOk: () => setFlag(p, 'isSettled', true),
    });
  };

  const columns: ColumnsType<TProject> = [
    {
      title: '序号',
      key: 'index',
      width: 56,
      fixed: 'left',
      align: 'center',
      render: (_v, _r, i) => <span className="num">{(state.page - 1) * state.pageSize + i + 1}</span>,
    },
    {
      title: '项目ID',
      dataIndex: 'id',
      key: 'id',
      width: 84,
      fixed: 'left',
      sorter: true,
      sortOrder: paging.sortOrderOf('id'),
      render: (v: number) => <span className="num">{v}</span>,
    },
    {
      title: '项目编码',
      dataIndex: 'code',
      key: 'code',
      width: 96,
      fixed: 'left',
      render: (v: string | null) => v ?? <span className="muted">—</span>,
    },
    {
      title: '项目名称',
      dataIndex: 'name',
      key: 'name',
      width: 150,
      fixed: 'left',
      sorter: true,
      sortOrder: paging.sortOrderOf('name'),
      render: (v: string, r) => (
        <span>
          {v}
          {r.isReserved && <Tag style={{ marginLeft: 6 }}>预留</Tag>}
        </span>
      ),
    },
    {
      title: '城市公司',
      key: 'orgUnit',
      sorter: true,
      sortOrder: paging.sortOrderOf('orgUnit'),
      render: (_v, r) => r.orgUnit.name,
    },
    {
      title: '拿地时间',
      dataIndex: 'acquiredOn',
      key: 'acquiredOn',
      width: 108,
      sorter: true,
      sortOrder: paging.sortOrderOf('acquiredOn'),
      render: (v: string | null) => <span className="num">{v ?? '—'}</span>,
    },
    {
      title: '批次',
      key: 'batch',
      width: 100,
      sorter: true,
      sortOrder: paging.sortOrderOf('batch'),
      render: (_v, r) => r.batch?.name ?? <span className="muted">—</span>,
    },
    {
      title: '开放',
      key: 'isOpen',
      width: 64,
      align: 'center',
      render: (_v, r) => (
        <Switch
          size="small"
          checked={r.isOpen}
          disabled={!editable || r.isSettled || busyId === r.id}
          loading={busyId === r.id}
          aria-label={`开放 ${r.name}`}
          onChange={(v) => void toggleOpen(r, v)}
        />
      ),
    },
    {
      title: '清算',
      key: 'isSettled',
      width: 64,
      align: 'center',
      render: (_v, r) => (
        <Switch
          size="small"
          checked={r.isSettled}
          disabled={!editable || r.isSettled || busyId === r.id}
          aria-label={`清算 ${r.name}`}
          onChange={() => confirmSettle(r)}
        />
      ),
    },
    {
      title: '合作操盘',
      dataIndex: 'isJointOperation',
      key: 'joint',
      width: 84,
      align: 'center',
      render: (v: boolean) =>
        v ? (
          <Tag color="blue" style={{ marginInlineEnd: 0 }}>
            是
          </Tag>
        ) : (
          <span className="muted">否</span>
        ),
    },
    {
      title: '操盘方',
      dataIndex: 'operator',
      key: 'operator',
      width: 96,
      render: (v: TProject['operator']) => (v ? PROJECT_OPERATOR_LABEL[v] : <span className="muted">—</span>),
    },
    ...(editable
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 76,
            fixed: 'right' as const,
            render: (_v: unknown, r: TProject) => (
              <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                编辑
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <div>
      <div className="toolbar">
        <div className="toolbar-left">
          {editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              新建项目
            </Button>
          )}
          {editable && (
            <Button icon={<UnorderedListOutlined />} onClick={() => setBatchesOpen(true)}>
              管理批次
            </Button>
          )}
          {editable && (
            <Button icon={<ImportOutlined />} onClick={() => setImportOpen(true)}>
              导入主数据项目
            </Button>
          )}
          {!editable && (
            <span className="muted">
              <Tag>只读</Tag>项目由系统管理员在此维护；您可查看被授权的项目。
            </span>
          )}
        </div>
        <div className="toolbar-right">
          <Select
            allowClear
            placeholder="批次"
            style={{ width: 140 }}
            value={batchId}
            options={(batches.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
            onChange={(v: number | undefined) => {
              setBatchId(v);
              paging.resetPage();
            }}
          />
          <Select
            allowClear
            placeholder="开放状态"
            style={{ width: 120 }}
            value={isOpen}
            options={[
              { value: 'true', label: '已开放' },
              { value: 'false', label: '未开放' },
            ]}
            onChange={(v: 'true' | 'false' | undefined) => {
              setIsOpen(v);
              paging.resetPage();
            }}
          />
          <Input.Search
            allowClear
            placeholder="名称、编码、批次或区域"
            style={{ width: 240 }}
            onSearch={(v) => {
              setQ(v.trim());
              paging.resetPage();
            }}
          />
        </div>
      </div>
      {created && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setCreated(null)}
          style={{ marginBottom: 12 }}
          data-testid="project-next-step"
          title={
            <span>
              项目「{created.name}
              」已创建。下一步：在【账号及角色】为它授权经营会计，被授权的经营会计登录后即在工作跟踪表看到“待填写立项”。
              {createdInTree && (
                <Button
                  type="link"
                  size="small"
                  onClick={() => {
                    select(createdInTree);
                    navigate('admin/accounts');
                  }}
                >
                  去【账号及角色】授权
                </Button>
              )}
            </span>
          }
        />
      )}
      <LoadError error={list.error} what="项目列表" onRetry={list.reload} />
      {!list.error && (
        <Table<TProject>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.loading}
          pagination={paging.pagination(list.data?.total)}
          onChange={paging.onChange}
          scroll={{ x: 1060 }}
          rowClassName={(r) => (selection?.kind === 'project' && selection.id === r.id ? 'ant-table-row-selected' : '')}
        />
      )}
      {editing && (
        <ProjectFormModal
          project={editing === 'new' ? null : editing}
          defaultOrgUnitId={orgUnitId}
          batches={batches.data ?? []}
          onClose={() => setEditing(null)}
          onSaved={async (made) => {
            setEditing(null);
            if (made) setCreated(made);
            await afterChange();
          }}
        />
      )}
      {batchesOpen && <BatchesModal onClose={() => setBatchesOpen(false)} onChanged={afterChange} />}
      {importOpen && <ImportModal onClose={() => setImportOpen(false)} onImported={afterChange} />}
    </div>
  );
}
