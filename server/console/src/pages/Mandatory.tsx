/**
 * 后台管理 · 强投名单: per company, the positions and people who must invest in its projects, with their default level
 * and limits. 合伙名单 → 按强投名单添加 starts a round from it; a round without someone on it is flagged to the
 * accountant. The tree picks the company (a project shows its company's list); kept by the business admin, read by
 * the accountants.
 */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { TMandatoryInvestor } from '../../../../shared/api/mandatory';
import type { TPage } from '../../../../shared/api/common';
import type { TUser } from '../../../../shared/api/identity';
import { LEVEL_LABEL, LEVELS, type TLevel } from '../../../../shared/api/labels';
import { dec } from '../../../../shared/money';
import { useAuth } from '../auth';
import { LoadError, Money } from '../components/table';
import { hasRole } from '../lib/access';
import { del, errorMessage, get, post, put } from '../lib/api';
import { applyApiErrors } from '../lib/forms';
import { useRequest } from '../lib/useRequest';
import { unitOptions, useWorkspace } from '../workspace';
import { handleSaveError, MoneyInput } from './business/common';

export function MandatoryPage() {
  const { me } = useAuth();
  const { message } = App.useApp();
  const { selection, tree } = useWorkspace();
  const admin = hasRole(me, 'BUSINESS_ADMIN');
  const orgUnitId =
    selection?.kind === 'org' ? selection.id : selection?.kind === 'project' ? selection.orgUnitId : null;
  const list = useRequest(
    () => get<{ items: TMandatoryInvestor[] }>('/api/mandatory-investors', { orgUnitId }),
    [orgUnitId],
  );
  const [editing, setEditing] = useState<TMandatoryInvestor | 'new' | null>(null);

  const remove = async (e: TMandatoryInvestor) => {
    try {
      await del(`/api/mandatory-investors/${e.id}`);
      message.success(`已从强投名单删除：${e.name}`);
      await list.reload();
    } catch (err) {
      await handleSaveError(err, { message, reload: list.reload });
    }
  };

  const columns: ColumnsType<TMandatoryInvestor> = [
    { title: '公司', dataIndex: 'orgUnitName', width: 180 },
    { title: '岗位', dataIndex: 'position', width: 160 },
    {
      title: '人员',
      key: 'name',
      width: 160,
      render: (_v, e) => (
        <span>
          {e.name}
          {e.jobNumber ? <Typography.Text type="secondary">（{e.jobNumber}）</Typography.Text> : null}
          {e.userStatus !== 'ACTIVE' && <Typography.Text type="danger"> 离</Typography.Text>}
        </span>
      ),
    },
    { title: '层级', dataIndex: 'level', width: 100, render: (l: TLevel) => LEVEL_LABEL[l] },
    {
      title: '默认下限',
      dataIndex: 'minAmount',
      width: 150,
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    {
      title: '默认上限',
      dataIndex: 'maxAmount',
      width: 150,
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    ...(admin
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 150,
            render: (_v: unknown, e: TMandatoryInvestor) => (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(e)}>
                  修改
                </Button>
                <Popconfirm
                  title={`从强投名单删除 ${e.name}？`}
                  okText="删除"
                  cancelText="取消"
                  onConfirm={() => void remove(e)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />}>
                    删除
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  if (list.error) return <LoadError error={list.error} what="强投名单" onRetry={list.reload} />;
  return (
    <div data-testid="mandatory">
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {orgUnitId
          ? `${selection?.kind === 'org' ? selection.name : '该项目所属公司'}的强投名单`
          : '全部公司的强投名单'}
        ：新建认购轮次后，在【合伙名单】中点【按强投名单添加】，名单中的人员以「强投」类别和默认上下限加入；
        本公司及上级公司名单中的人员未列入认购轮次时，合伙名单会提示。
      </Typography.Paragraph>
      {admin && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setEditing('new')}>
          新增强投人员
        </Button>
      )}
      <Table<TMandatoryInvestor>
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '强投名单为空' }}
      />
      {editing && (
        <EntryModal
          entry={editing === 'new' ? null : editing}
          defaultOrgUnitId={orgUnitId}
          units={unitOptions(tree, (n) => n.kind !== 'DEPARTMENT')}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await list.reload();
          }}
        />
      )}
    </div>
  );
}

interface EntryForm {
  orgUnitId?: number;
  userId?: number;
  position: string;
  level: TLevel;
  minAmount: string | null;
  maxAmount: string | null;
}

function EntryModal({
  entry,
  defaultOrgUnitId,
  units,
  onClose,
  onSaved,
}: {
  entry: TMandatoryInvestor | null;
  defaultOrgUnitId: number | null;
  units: ReturnType<typeof unitOptions>;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EntryForm>();
  const [busy, setBusy] = useState(false);
  const [q, setQ] = useState('');
  const people = useRequest(() => get<TPage<TUser>>('/api/users', { q, status: 'ACTIVE', pageSize: 20 }), [q], {
    skip: !!entry,
  });
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    if (v.minAmount && v.maxAmount && dec(v.maxAmount).lessThan(v.minAmount)) {
      form.setFields([{ name: 'maxAmount', errors: ['默认上限不能低于默认下限'] }]);
      return;
    }
    setBusy(true);
    try {
      const body = { position: v.position, level: v.level, minAmount: v.minAmount, maxAmount: v.maxAmount };
      if (entry) await put(`/api/mandatory-investors/${entry.id}`, { ...body, version: entry.version });
      else await post('/api/mandatory-investors', { ...body, orgUnitId: v.orgUnitId, userId: v.userId });
      message.success('已保存强投名单');
      await onSaved();
    } catch (err) {
      if (!applyApiErrors(form, err, ['orgUnitId', 'userId', 'position', 'minAmount', 'maxAmount']))
        message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={entry ? `修改强投人员 · ${entry.name}` : '新增强投人员'}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<EntryForm>
        form={form}
        layout="vertical"
        initialValues={
          entry
            ? { position: entry.position, level: entry.level, minAmount: entry.minAmount, maxAmount: entry.maxAmount }
            : { orgUnitId: defaultOrgUnitId ?? undefined, level: 'CITY', minAmount: null, maxAmount: null }
        }
      >
        {!entry && (
          <>
            <Form.Item name="orgUnitId" label="公司" rules={[{ required: true, message: '请选择公司' }]}>
              <TreeSelect treeData={units} treeDefaultExpandAll placeholder="控股集团 / 置业集团 / 城市公司" />
            </Form.Item>
            <Form.Item name="userId" label="人员" rules={[{ required: true, message: '请选择人员' }]}>
              <Select
                showSearch
                filterOption={false}
                onSearch={setQ}
                loading={people.loading}
                placeholder="输入姓名或手机号搜索"
                options={(people.data?.items ?? []).map((u) => ({
                  value: u.id,
                  label: `${u.name}${u.orgUnit ? `（${u.orgUnit.name}）` : ''}`,
                }))}
              />
            </Form.Item>
          </>
        )}
        <Form.Item name="position" label="岗位" rules={[{ required: true, whitespace: true, message: '请输入岗位' }]}>
          <Input maxLength={50} placeholder="例如：城市公司总经理、项目总经理" />
        </Form.Item>
        <Form.Item name="level" label="层级">
          <Select options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))} />
        </Form.Item>
        <Space size={16} style={{ display: 'flex' }}>
          <Form.Item name="minAmount" label="默认下限" rules={[{ required: true, message: '请输入默认下限' }]}>
            <MoneyInput aria-label="默认下限" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="maxAmount" label="默认上限" rules={[{ required: true, message: '请输入默认上限' }]}>
            <MoneyInput aria-label="默认上限" style={{ width: 200 }} />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}
