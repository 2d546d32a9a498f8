/** 管理批次: the acquisition batches (e.g. 2019年10月) projects are grouped by. */
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tooltip } from 'antd';
import { useState } from 'react';
import { ZBatchInput, type TBatch } from '../../../../../shared/api/identity';
import { errorMessage, del, get, patch, post } from '../../lib/api';
import { applyApiErrors, blankToUndefined, parseWith, zodRule } from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';

interface Values {
  name?: string;
  sortOrder?: number;
}

export function BatchesModal({ onClose, onChanged }: { onClose: () => void; onChanged: () => Promise<void> }) {
  const { message } = App.useApp();
  const list = useRequest(() => get<TBatch[]>('/api/batches'), []);
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState<TBatch | 'new' | null>(null);
  const [busy, setBusy] = useState(false);

  const open = (b: TBatch | 'new') => {
    setEditing(b);
    form.resetFields();
    form.setFieldsValue(b === 'new' ? { name: '', sortOrder: undefined } : { name: b.name, sortOrder: b.sortOrder });
  };

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !editing) return;
    const body = parseWith(form, ZBatchInput, blankToUndefined({ name: v.name, sortOrder: v.sortOrder ?? undefined }));
    if (!body) return;
    setBusy(true);
    try {
      if (editing === 'new') await post('/api/batches', body);
      else await patch(`/api/batches/${editing.id}`, body);
      message.success('批次已保存');
      setEditing(null);
      await Promise.all([list.reload(), onChanged()]);
    } catch (err) {
      if (!applyApiErrors(form, err, ['name', 'sortOrder'])) message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (b: TBatch) => {
    try {
      await del(`/api/batches/${b.id}`);
      message.success(`批次「${b.name}」已删除`);
      await Promise.all([list.reload(), onChanged()]);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <Modal open title="管理批次" width={620} footer={null} onCancel={onClose} destroyOnHidden>
      <div className="toolbar">
        <span className="muted">批次按拿地时间归集项目，如「2019年10月」。</span>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          新建批次
        </Button>
      </div>
      {editing && (
        <Form
          form={form}
          layout="inline"
          style={{ marginBottom: 12, padding: 12, background: '#fafafa', borderRadius: 8 }}
          onFinish={() => void save()}
        >
          <Form.Item name="name" label="批次名称" rules={[zodRule(ZBatchInput, 'name')]}>
            <Input placeholder="如：2020年3月" style={{ width: 160 }} autoFocus />
          </Form.Item>
          <Form.Item name="sortOrder" label="排序" rules={[zodRule(ZBatchInput, 'sortOrder')]}>
            <InputNumber min={0} max={10000} precision={0} style={{ width: 90 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy}>
              保存
            </Button>
            <Button onClick={() => setEditing(null)}>取消</Button>
          </Space>
        </Form>
      )}
      <Table<TBatch>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data}
        pagination={false}
        columns={[
          { title: '批次', dataIndex: 'name' },
          {
            title: '排序',
            dataIndex: 'sortOrder',
            width: 80,
            align: 'right',
            render: (v: number) => <span className="num">{v}</span>,
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
            width: 140,
            render: (_v, b) => (
              <Space size={4}>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => open(b)}>
                  修改
                </Button>
                {b.projectCount > 0 ? (
                  <Tooltip title="该批次下还有项目，不能删除">
                    <Button type="link" size="small" danger disabled icon={<DeleteOutlined />}>
                      删除
                    </Button>
                  </Tooltip>
                ) : (
                  <Popconfirm
                    title={`删除批次「${b.name}」？`}
                    okText="删除"
                    okButtonProps={{ danger: true }}
                    cancelText="取消"
                    onConfirm={() => remove(b)}
                  >
                    <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                      删除
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
    </Modal>
  );
}
