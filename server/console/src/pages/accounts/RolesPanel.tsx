/** Roles: the fixed kinds (系统管理员 … 合伙人) and the per-company accountant roles. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Select, Table, Tag, TreeSelect } from 'antd';
import { useState } from 'react';
import {
  ROLE_KINDS,
  ROLE_KIND_LABEL,
  ZRoleCreate,
  type TRole,
  type TRoleKind,
} from '../../../../../shared/api/identity';
import { LoadError } from '../../components/table';
import { errorMessage, get, post } from '../../lib/api';
import { applyApiErrors, blankToUndefined, parseWith, zodRule } from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';
import { unitOptions, useWorkspace } from '../../workspace';

interface Values {
  code?: string;
  name?: string;
  kind?: TRoleKind;
  orgUnitId?: number;
}

export function RolesPanel() {
  const { message } = App.useApp();
  const { tree } = useWorkspace();
  const roles = useRequest(() => get<TRole[]>('/api/roles'), []);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body = parseWith(form, ZRoleCreate, blankToUndefined({ ...v }));
    if (!body) return;
    setBusy(true);
    try {
      await post('/api/roles', body);
      message.success('角色已创建');
      setOpen(false);
      await roles.reload();
    } catch (err) {
      if (!applyApiErrors(form, err, ['code', 'name', 'kind', 'orgUnitId'])) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <div className="toolbar">
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setError(null);
            setOpen(true);
          }}
        >
          新建角色
        </Button>
      </div>
      <LoadError error={roles.error} what="角色" onRetry={roles.reload} />
      {!roles.error && (
        <Table<TRole>
          rowKey="id"
          size="middle"
          loading={roles.loading}
          dataSource={roles.data}
          pagination={false}
          columns={[
            { title: '角色', dataIndex: 'name' },
            { title: '类型', dataIndex: 'kind', render: (v: TRoleKind) => <Tag>{ROLE_KIND_LABEL[v]}</Tag> },
            {
              title: '所属组织',
              key: 'org',
              render: (_v, r) => r.orgUnit?.name ?? <span className="muted">全集团</span>,
            },
            {
              title: '用户数',
              dataIndex: 'userCount',
              width: 100,
              align: 'right',
              render: (v: number) => <span className="num">{v}</span>,
            },
          ]}
        />
      )}
      <Modal
        open={open}
        title="新建角色"
        okText="保存"
        cancelText="取消"
        onOk={() => void submit()}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form<Values> form={form} layout="vertical">
          <Form.Item name="name" label="角色名称" required rules={[zodRule(ZRoleCreate, 'name')]}>
            <Input placeholder="如：常州直属项目经营会计" />
          </Form.Item>
          <Form.Item name="code" label="角色编码" required rules={[zodRule(ZRoleCreate, 'code', '请输入角色编码')]}>
            <Input placeholder="如：CITY_ACCOUNTANT_CHANGZHOU" />
          </Form.Item>
          <Form.Item name="kind" label="类型" required rules={[zodRule(ZRoleCreate, 'kind', '请选择类型')]}>
            <Select options={ROLE_KINDS.map((k) => ({ value: k, label: ROLE_KIND_LABEL[k] }))} />
          </Form.Item>
          <Form.Item name="orgUnitId" label="所属组织" extra="经营会计角色对应其管理的公司">
            <TreeSelect allowClear treeData={unitOptions(tree)} treeDefaultExpandAll />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
