/** 组织: 控股集团 → 置业集团 → 城市公司 / 直属项目公司, with project counts; and the DingTalk contact sync. */
import { EditOutlined, PlusOutlined, StopOutlined, SyncOutlined, CheckCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
} from 'antd';
import { useState } from 'react';
import {
  ORG_UNIT_KINDS,
  ORG_UNIT_KIND_LABEL,
  ZOrgUnitCreate,
  ZOrgUnitUpdate,
  type TOrgTreeNode,
  type TOrgUnitKind,
  type TSyncLog,
} from '../../../../shared/api/identity';
import { formatDateTime } from '../../../../shared/datetime';
import { LoadError } from '../components/table';
import { errorMessage, get, patch, post } from '../lib/api';
import {
  applyApiErrors,
  blankToUndefined,
  isVersionConflict,
  parseWith,
  VERSION_CONFLICT_TEXT,
  zodRule,
} from '../lib/forms';
import { useRequest } from '../lib/useRequest';
import { unitOptions, useWorkspace } from '../workspace';

type Row = Omit<TOrgTreeNode, 'children'> & { node: TOrgTreeNode; children?: Row[] };
const rows = (nodes: TOrgTreeNode[]): Row[] =>
  nodes.map((n) => ({ ...n, node: n, children: n.children.length ? rows(n.children) : undefined }));

export function OrgPage() {
  const { message } = App.useApp();
  const { tree, treeLoading, reloadTree } = useWorkspace();
  const [editing, setEditing] = useState<{ unit: TOrgTreeNode | null; parentId?: number } | null>(null);

  const setActive = async (u: TOrgTreeNode, active: boolean) => {
    try {
      await patch(`/api/org/units/${u.id}`, { version: u.version, active });
      message.success(active ? `已启用「${u.name}」` : `已停用「${u.name}」`);
      await reloadTree();
    } catch (err) {
      if (isVersionConflict(err)) {
        message.warning(VERSION_CONFLICT_TEXT);
        await reloadTree();
      } else message.error(errorMessage(err));
    }
  };

  return (
    <div>
      <Card
        size="small"
        title="组织架构"
        variant="borderless"
        styles={{ body: { padding: 0 } }}
        extra={
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing({ unit: null })}>
            新建公司
          </Button>
        }
      >
        <Table<Row>
          rowKey="id"
          size="middle"
          loading={treeLoading}
          dataSource={rows(tree)}
          pagination={false}
          expandable={{ defaultExpandAllRows: true }}
          key={tree.length ? 'loaded' : 'empty'}
          columns={[
            {
              title: '名称',
              dataIndex: 'name',
              render: (v: string, u) => (
                <span className={u.active ? '' : 'muted'}>
                  {v}
                  {!u.active && <Tag style={{ marginLeft: 6 }}>已停用</Tag>}
                </span>
              ),
            },
            { title: '类型', dataIndex: 'kind', width: 130, render: (v: TOrgUnitKind) => ORG_UNIT_KIND_LABEL[v] },
            {
              title: '编码',
              dataIndex: 'code',
              width: 130,
              render: (v: string | null) => (v ? <code>{v}</code> : <span className="muted">—</span>),
            },
            {
              title: '项目数',
              dataIndex: 'projectCount',
              width: 90,
              align: 'right',
              render: (v: number) => <span className="num">{v}</span>,
            },
            {
              title: '操作',
              key: 'a',
              width: 240,
              render: (_v, u) => (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => setEditing({ unit: null, parentId: u.id })}
                  >
                    下级
                  </Button>
                  <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ unit: u.node })}>
                    修改
                  </Button>
                  {u.active ? (
                    <Popconfirm
                      title={`停用「${u.name}」？`}
                      description="停用后不能再在其下新建项目，已有项目不受影响。"
                      okText="停用"
                      okButtonProps={{ danger: true }}
                      cancelText="取消"
                      onConfirm={() => setActive(u.node, false)}
                    >
                      <Button type="link" size="small" danger icon={<StopOutlined />}>
                        停用
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Button
                      type="link"
                      size="small"
                      icon={<CheckCircleOutlined />}
                      onClick={() => void setActive(u.node, true)}
                    >
                      启用
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <ContactSync />
      {editing && (
        <UnitModal
          unit={editing.unit}
          parentId={editing.parentId}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await reloadTree();
          }}
        />
      )}
    </div>
  );
}

interface UnitValues {
  parentId?: number;
  kind?: TOrgUnitKind;
  name?: string;
  code?: string;
}

function UnitModal({
  unit,
  parentId,
  onClose,
  onSaved,
}: {
  unit: TOrgTreeNode | null;
  parentId?: number;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { tree } = useWorkspace();
  const [form] = Form.useForm<UnitValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      if (unit) {
        const body = parseWith(form, ZOrgUnitUpdate, {
          version: unit.version,
          name: v.name,
          parentId: v.parentId ?? undefined,
        });
        if (!body) return;
        await patch(`/api/org/units/${unit.id}`, body);
      } else {
        const body = parseWith(
          form,
          ZOrgUnitCreate,
          blankToUndefined({ parentId: v.parentId, kind: v.kind, name: v.name, code: v.code }),
        );
        if (!body) return;
        await post('/api/org/units', body);
      }
      await onSaved();
    } catch (err) {
      if (isVersionConflict(err)) setError(VERSION_CONFLICT_TEXT);
      else if (!applyApiErrors(form, err, ['parentId', 'kind', 'name', 'code'])) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={unit ? `修改 · ${unit.name}` : '新建公司'}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<UnitValues>
        form={form}
        layout="vertical"
        initialValues={unit ? { name: unit.name, parentId: unit.parentId ?? undefined } : { parentId, kind: 'CITY' }}
      >
        <Form.Item
          name="parentId"
          label="上级组织"
          required={!unit}
          rules={unit ? [] : [zodRule(ZOrgUnitCreate, 'parentId', '请选择上级组织')]}
        >
          <TreeSelect treeData={unitOptions(tree)} treeDefaultExpandAll disabled={!!unit && unit.parentId === null} />
        </Form.Item>
        {!unit && (
          <Form.Item name="kind" label="类型" required rules={[zodRule(ZOrgUnitCreate, 'kind', '请选择类型')]}>
            <Select
              options={ORG_UNIT_KINDS.filter((k) => k !== 'HOLDING').map((k) => ({
                value: k,
                label: ORG_UNIT_KIND_LABEL[k],
              }))}
            />
          </Form.Item>
        )}
        <Form.Item name="name" label="名称" required rules={[zodRule(ZOrgUnitCreate, 'name')]}>
          <Input placeholder="如：济南城市公司" />
        </Form.Item>
        {!unit && (
          <Form.Item name="code" label="编码" rules={[zodRule(ZOrgUnitCreate, 'code')]}>
            <Input placeholder="如：JINAN" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

const SYNC_STATUS: Record<TSyncLog['status'], { color: string; text: string }> = {
  RUNNING: { color: 'processing', text: '进行中' },
  SUCCEEDED: { color: 'success', text: '成功' },
  FAILED: { color: 'error', text: '失败' },
  ABORTED: { color: 'warning', text: '已中止' },
};
const SYNC_KIND: Record<TSyncLog['kind'], string> = { FULL: '全量', INCREMENTAL: '增量', EVENT: '事件' };

function ContactSync() {
  const { message } = App.useApp();
  const { reloadTree } = useWorkspace();
  const logs = useRequest(() => get<TSyncLog[] | { items: TSyncLog[] }>('/api/contacts/sync-logs'), []);
  const [busy, setBusy] = useState<'FULL' | 'INCREMENTAL' | null>(null);
  const items = Array.isArray(logs.data) ? logs.data : (logs.data?.items ?? []);
  const sync = async (kind: 'FULL' | 'INCREMENTAL') => {
    setBusy(kind);
    try {
      await post('/api/contacts/sync', { kind });
      message.success('已开始同步，完成后结果显示在下方');
      await Promise.all([logs.reload(), reloadTree()]);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card
      size="small"
      title="通讯录同步"
      variant="borderless"
      style={{ marginTop: 16 }}
      extra={
        <Space>
          <Button size="small" onClick={() => void logs.reload()}>
            刷新
          </Button>
          <Button
            size="small"
            loading={busy === 'INCREMENTAL'}
            icon={<SyncOutlined />}
            onClick={() => void sync('INCREMENTAL')}
          >
            增量同步
          </Button>
          <Popconfirm
            title="从钉钉全量同步部门和人员？"
            description="钉钉中已删除的人员将标记为离职。"
            okText="开始同步"
            cancelText="取消"
            onConfirm={() => sync('FULL')}
          >
            <Button size="small" type="primary" loading={busy === 'FULL'} icon={<SyncOutlined />}>
              全量同步
            </Button>
          </Popconfirm>
        </Space>
      }
    >
      <LoadError error={logs.error} what="同步记录" onRetry={logs.reload} />
      <Table<TSyncLog>
        rowKey="id"
        size="small"
        loading={logs.loading}
        dataSource={items}
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        locale={{ emptyText: '还没有同步记录' }}
        columns={[
          {
            title: '开始时间',
            dataIndex: 'startedAt',
            width: 150,
            render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
          },
          { title: '方式', dataIndex: 'kind', width: 70, render: (v: TSyncLog['kind']) => SYNC_KIND[v] },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (v: TSyncLog['status']) => <Tag color={SYNC_STATUS[v].color}>{SYNC_STATUS[v].text}</Tag>,
          },
          {
            title: '部门 / 人员',
            key: 'seen',
            width: 110,
            align: 'right',
            render: (_v, r) => (
              <span className="num">
                {r.deptsSeen} / {r.usersSeen}
              </span>
            ),
          },
          {
            title: '新增 / 更新 / 离职',
            key: 'changes',
            width: 150,
            align: 'right',
            render: (_v, r) => (
              <span className="num">
                {r.created} / {r.updated} / {r.deactivated}
              </span>
            ),
          },
          {
            title: '说明',
            key: 'msg',
            render: (_v, r) =>
              r.errors?.length ? (
                <Tooltip title={r.errors.map((e) => `${e.userid ?? ''} ${e.message}`).join('\n')}>
                  <span>{r.message ?? `${r.errors.length} 个错误`}</span>
                </Tooltip>
              ) : (
                (r.message ?? <span className="muted">—</span>)
              ),
          },
          {
            title: '发起人',
            dataIndex: 'triggeredBy',
            width: 100,
            render: (v: string | null) => v ?? <span className="muted">定时</span>,
          },
        ]}
      />
    </Card>
  );
}
