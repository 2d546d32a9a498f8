/**
 * 后台管理 · 外部股东 (manual 9.1.1–9.2.3) for the project picked in the tree: 股东登记 (register, 申请审核; the
 * business admin approves or returns with a reason) and 股东分配 (batches: amounts typed or imported from Excel, 申请审核
 * → 审核通过, 登记发放, 导出). Certificate numbers and bank accounts are only ever shown masked. The business admin's
 * decisions also appear in 项目流程 → 方案审核 with the other reviews.
 */
import { CheckOutlined, DownloadOutlined, PlusOutlined, RollbackOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import {
  MINORITY_BATCH_STATUS_LABEL,
  MINORITY_HOLDER_STATUS_LABEL,
  MINORITY_HOLDER_TYPE_LABEL,
  type TMinorityBatch,
  type TMinorityBatchDetail,
  type TMinorityHolder,
  type TMinorityHolderList,
  type TMinorityHolderType,
} from '../../../../shared/api/minority';
import type { TRowError } from '../../../../shared/api/distributions';
import { certificateProblem } from '../../../../shared/certificate';
import { formatDate } from '../../../../shared/datetime';
import { dec, formatMoney, sumMoney } from '../../../../shared/money';
import { useAuth } from '../auth';
import { LoadError, Money } from '../components/table';
import { hasRole } from '../lib/access';
import { api, ApiError, download, errorMessage, get, post, put } from '../lib/api';
import { applyApiErrors } from '../lib/forms';
import { useRequest } from '../lib/useRequest';
import { findProjectSelection, useWorkspace } from '../workspace';
import { useQueryId, useQueryParam } from '../lib/router';
import { handleSaveError, MoneyInput } from './business/common';

const ACCOUNTANT_KINDS = ['HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT'] as const;

const HOLDER_COLOR = { DRAFT: 'default', PENDING: 'gold', APPROVED: 'green', RETURNED: 'red' } as const;
const BATCH_COLOR = { DRAFT: 'default', SUBMITTED: 'gold', APPROVED: 'green', PAID: 'blue' } as const;

/**
 * A review's result notice opens `/console/admin/minority?projectId=…&section=holders|batches`: the project is picked in
 * the tree once the tree has it, and the section opens.
 */
function useMinorityLanding(): { landing: boolean; section: string | null } {
  const projectId = useQueryId('projectId');
  const section = useQueryParam('section');
  const { tree, treeLoading, selection, select } = useWorkspace();
  const found = projectId !== null ? findProjectSelection(tree, projectId) : null;
  const [landed, setLanded] = useState<number | null>(null);
  useEffect(() => {
    if (projectId === null || !found || landed === projectId) return;
    setLanded(projectId);
    if (selection?.kind !== 'project' || selection.id !== projectId) select(found);
  }, [projectId, found, landed, selection, select]);
  return { landing: projectId !== null && landed !== projectId && (treeLoading || !!found), section };
}

export function MinorityPage() {
  const { selection } = useWorkspace();
  const { landing, section } = useMinorityLanding();
  if (landing) return <Spin style={{ display: 'block', margin: '48px auto' }} description="正在打开项目…" />;
  if (selection?.kind !== 'project')
    return (
      <Empty
        style={{ margin: '32px 0' }}
        description={
          <span data-testid="minority-prompt">请在左侧组织树中选择一个项目，查看和登记该项目的外部股东及其分配。</span>
        }
      />
    );
  return <MinorityWorkspace key={selection.id} projectId={selection.id} name={selection.name} section={section} />;
}

function MinorityWorkspace({ projectId, name, section }: { projectId: number; name: string; section: string | null }) {
  const [tab, setTab] = useState(section === 'batches' ? 'batches' : 'holders');
  return (
    <div data-testid="minority">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {name} · 外部股东
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'holders', label: '股东登记', children: <HoldersPanel projectId={projectId} /> },
          { key: 'batches', label: '股东分配', children: <BatchesPanel projectId={projectId} /> },
        ]}
      />
    </div>
  );
}

/** 审核通过 / 退回（须填写原因） of an open review, for the business admin. */
function ReviewButtons({ reviewId, what, onDone }: { reviewId: number; what: string; onDone: () => Promise<unknown> }) {
  const { message } = App.useApp();
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (action: 'approve' | 'reject') => {
    setBusy(true);
    try {
      await post(`/api/reviews/${reviewId}/${action}`, action === 'reject' ? { reason } : {});
      message.success(action === 'approve' ? `${what}已审核通过` : `${what}已退回`);
      setReturning(false);
      await onDone();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        size="small"
        type="primary"
        icon={<CheckOutlined />}
        loading={busy}
        onClick={() => void decide('approve')}
      >
        审核通过
      </Button>
      <Button size="small" danger icon={<RollbackOutlined />} onClick={() => setReturning(true)}>
        退回
      </Button>
      <Modal
        open={returning}
        title={`退回 · ${what}`}
        okText="确认退回"
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => void decide('reject')}
        onCancel={() => setReturning(false)}
        destroyOnHidden
      >
        <Input.TextArea
          aria-label="退回原因"
          placeholder="请填写退回原因（经营会计会在登记上看到）"
          maxLength={500}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </>
  );
}

// ---- 股东登记 ---------------------------------------------------------------------------------------------------

function HoldersPanel({ projectId }: { projectId: number }) {
  const { me } = useAuth();
  const { message } = App.useApp();
  const reviewer = hasRole(me, 'BUSINESS_ADMIN');
  const editor = hasRole(me, ...ACCOUNTANT_KINDS);
  const url = `/api/projects/${projectId}/minority-holders`;
  const list = useRequest(() => get<TMinorityHolderList>(url), [url]);
  const [editing, setEditing] = useState<TMinorityHolder | 'new' | null>(null);

  const submit = async (h: TMinorityHolder) => {
    try {
      await post(`${url}/${h.id}/submit`, { version: h.version });
      message.success(`已提交审核：${h.name}`);
      await list.reload();
    } catch (err) {
      await handleSaveError(err, { message, reload: list.reload });
    }
  };

  const columns: ColumnsType<TMinorityHolder> = [
    {
      title: '股东名称 / 联系人',
      key: 'name',
      width: 190,
      render: (_v, h) => (
        <div>
          <div>{h.name}</div>
          {(h.contactName || h.contactPhone) && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[h.contactName, h.contactPhone].filter(Boolean).join(' ')}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: '类型', dataIndex: 'type', width: 56, render: (t: TMinorityHolderType) => MINORITY_HOLDER_TYPE_LABEL[t] },
    { title: '证件号码', dataIndex: 'certificateNo', width: 180, render: (v: string) => <code>{v}</code> },
    {
      title: '持股比例',
      dataIndex: 'holdingRatio',
      width: 90,
      align: 'right',
      render: (v: string) => `${dec(v).toString()}%`,
    },
    {
      title: '开户行 / 银行账号',
      key: 'bank',
      width: 190,
      render: (_v, h) =>
        h.bankAccount ? (
          <div>
            <div>{h.bankName ?? ''}</div>
            <code>{h.bankAccount}</code>
          </div>
        ) : (
          '—'
        ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 150,
      render: (s: TMinorityHolder['status'], h) => (
        <Space direction="vertical" size={0}>
          <Tag color={HOLDER_COLOR[s]}>{MINORITY_HOLDER_STATUS_LABEL[s]}</Tag>
          {s === 'RETURNED' && h.returnReason && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              退回原因：{h.returnReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 200,
      render: (_v, h) => (
        <Space size={4} wrap>
          {editor && h.status !== 'PENDING' && (
            <Button size="small" onClick={() => setEditing(h)}>
              修改
            </Button>
          )}
          {editor && (h.status === 'DRAFT' || h.status === 'RETURNED') && (
            <Button size="small" type="primary" ghost onClick={() => void submit(h)}>
              申请审核
            </Button>
          )}
          {reviewer && h.status === 'PENDING' && h.reviewId && (
            <ReviewButtons reviewId={h.reviewId} what={`外部股东登记：${h.name}`} onDone={list.reload} />
          )}
        </Space>
      ),
    },
  ];

  if (list.error) return <LoadError error={list.error} what="外部股东名册" onRetry={list.reload} />;
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        {editor && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            股东登记
          </Button>
        )}
        <span data-testid="minority-total-ratio">
          外部股东持股比例合计：{list.data ? `${dec(list.data.totalRatio).toString()}%` : '—'}
        </span>
      </Space>
      <Table<TMinorityHolder>
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: '该项目还没有登记外部股东' }}
      />
      {editing && (
        <HolderModal
          url={url}
          holder={editing === 'new' ? null : editing}
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

interface HolderForm {
  name: string;
  type: TMinorityHolderType;
  certificateNo?: string;
  holdingRatio: string;
  bankName?: string;
  bankAccount?: string;
  contactName?: string;
  contactPhone?: string;
}

function HolderModal({
  url,
  holder,
  onClose,
  onSaved,
}: {
  url: string;
  holder: TMinorityHolder | null;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<HolderForm>();
  const [busy, setBusy] = useState(false);
  const type = Form.useWatch('type', form) ?? holder?.type ?? 'PERSON';
  const save = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    setBusy(true);
    try {
      const body = { ...values, certificateNo: values.certificateNo ?? '', bankAccount: values.bankAccount ?? '' };
      if (holder) await put(`${url}/${holder.id}`, { ...body, version: holder.version });
      else await post(url, body);
      message.success(holder ? '已保存' : '已登记，请提交审核');
      await onSaved();
    } catch (err) {
      if (!applyApiErrors(form, err, ['name', 'certificateNo', 'holdingRatio', 'bankAccount']))
        message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={holder ? `修改外部股东 · ${holder.name}` : '股东登记'}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
      width={640}
      destroyOnHidden
    >
      {holder?.status === 'APPROVED' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message="该股东已审核通过：修改后需重新申请审核。"
        />
      )}
      <Form<HolderForm>
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        initialValues={
          holder
            ? {
                name: holder.name,
                type: holder.type,
                holdingRatio: dec(holder.holdingRatio).toString(),
                bankName: holder.bankName ?? undefined,
                contactName: holder.contactName ?? undefined,
                contactPhone: holder.contactPhone ?? undefined,
              }
            : { type: 'PERSON' }
        }
      >
        <Form.Item
          name="name"
          label="股东名称"
          rules={[{ required: true, whitespace: true, message: '请输入股东名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="type" label="类型">
          <Radio.Group
            options={[
              { value: 'PERSON', label: '个人' },
              { value: 'COMPANY', label: '公司' },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="certificateNo"
          label={type === 'PERSON' ? '身份证号' : '统一社会信用代码'}
          extra={holder ? `已登记：${holder.certificateNo}（不修改请留空）` : '保存后只显示脱敏号码'}
          rules={[
            {
              validator: async (_r, v?: string) => {
                if (!v) {
                  if (holder) return;
                  throw new Error('请输入证件号码');
                }
                const problem = certificateProblem(type, v);
                if (problem) throw new Error(problem);
              },
            },
          ]}
        >
          <Input maxLength={30} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="holdingRatio"
          label="持股比例（%）"
          rules={[
            { required: true, message: '请输入持股比例' },
            { pattern: /^\d{1,3}(\.\d{1,4})?$/, message: '持股比例应为 0–100 之间的数字（最多 4 位小数）' },
          ]}
        >
          <Input suffix="%" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="bankName" label="开户行">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="bankAccount"
          label="银行账号"
          extra={holder?.bankAccount ? `已登记：${holder.bankAccount}（不修改请留空）` : undefined}
          rules={[{ pattern: /^[\d ]{8,34}$/, message: '银行账号应为 8–30 位数字' }]}
        >
          <Input maxLength={34} autoComplete="off" />
        </Form.Item>
        <Form.Item name="contactName" label="联系人">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话">
          <Input maxLength={30} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- 股东分配 ---------------------------------------------------------------------------------------------------

function BatchesPanel({ projectId }: { projectId: number }) {
  const { me } = useAuth();
  const editor = hasRole(me, ...ACCOUNTANT_KINDS);
  const url = `/api/projects/${projectId}/minority-batches`;
  const list = useRequest(() => get<{ items: TMinorityBatch[] }>(url), [url]);
  const [openId, setOpenId] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    if (openId === null && list.data?.items[0]) setOpenId(list.data.items[0].id);
  }, [list.data, openId]);

  const columns: ColumnsType<TMinorityBatch> = [
    { title: '批次', key: 'title', render: (_v, b) => `第 ${b.seq} 批 · ${b.title}` },
    { title: '分配日期', dataIndex: 'distributionDate', width: 110, render: (v: string | null) => v ?? '—' },
    { title: '股东数', dataIndex: 'lineCount', width: 80, align: 'right' },
    { title: '分配合计', dataIndex: 'total', width: 160, align: 'right', render: (v: string) => <Money value={v} /> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (s: TMinorityBatch['status']) => <Tag color={BATCH_COLOR[s]}>{MINORITY_BATCH_STATUS_LABEL[s]}</Tag>,
    },
    { title: '发放日期', dataIndex: 'paidOn', width: 110, render: (v: string | null) => v ?? '—' },
  ];
  if (list.error) return <LoadError error={list.error} what="外部股东分配批次" onRetry={list.reload} />;
  return (
    <div>
      {editor && (
        <Button type="primary" icon={<PlusOutlined />} style={{ marginBottom: 12 }} onClick={() => setCreating(true)}>
          新建分配批次
        </Button>
      )}
      <Table<TMinorityBatch>
        rowKey="id"
        size="small"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        pagination={false}
        rowClassName={(b) => (b.id === openId ? 'ant-table-row-selected' : '')}
        onRow={(b) => ({ onClick: () => setOpenId(b.id), style: { cursor: 'pointer' } })}
        locale={{ emptyText: '还没有外部股东分配批次' }}
      />
      {openId !== null && (
        <BatchEditor key={openId} url={`${url}/${openId}`} projectId={projectId} onChanged={list.reload} />
      )}
      {creating && (
        <CreateBatchModal
          url={url}
          onClose={() => setCreating(false)}
          onCreated={async (id) => {
            setCreating(false);
            await list.reload();
            setOpenId(id);
          }}
        />
      )}
    </div>
  );
}

function CreateBatchModal({
  url,
  onClose,
  onCreated,
}: {
  url: string;
  onClose: () => void;
  onCreated: (id: number) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ title: string; date?: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      const b = await post<TMinorityBatchDetail>(url, {
        title: v.title,
        distributionDate: v.date ? v.date.format('YYYY-MM-DD') : null,
      });
      message.success('已新建分配批次');
      await onCreated(b.id);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="新建分配批次"
      okText="新建"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="title"
          label="批次名称"
          rules={[{ required: true, whitespace: true, message: '请输入批次名称' }]}
        >
          <Input maxLength={100} placeholder="例如：2026年第一次分配" />
        </Form.Item>
        <Form.Item name="date" label="分配日期">
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface EditRow {
  holderId: number;
  name: string;
  type: TMinorityHolderType;
  holdingRatio: string;
  bankAccount: string | null;
  amount: string | null;
}

function BatchEditor({
  url,
  projectId,
  onChanged,
}: {
  url: string;
  projectId: number;
  onChanged: () => Promise<unknown>;
}) {
  const { me } = useAuth();
  const { message } = App.useApp();
  const editor = hasRole(me, ...ACCOUNTANT_KINDS);
  const reviewer = hasRole(me, 'BUSINESS_ADMIN');
  const batch = useRequest(() => get<TMinorityBatchDetail>(url), [url]);
  const holders = useRequest(
    () => get<TMinorityHolderList>(`/api/projects/${projectId}/minority-holders`),
    [projectId],
  );
  const [rows, setRows] = useState<EditRow[] | null>(null);
  const [date, setDate] = useState<Dayjs | null>(null);
  const [paidOn, setPaidOn] = useState<Dayjs | null>(dayjs());
  const [errors, setErrors] = useState<TRowError[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const b = batch.data;
  const draft = b?.status === 'DRAFT' && editor;

  useEffect(() => {
    if (!b || !holders.data) return;
    const byHolder = new Map(b.lines.map((l) => [l.holderId, l]));
    const approved = holders.data.items.filter((h) => h.status === 'APPROVED' || byHolder.has(h.id));
    setRows(
      (b.status === 'DRAFT' ? approved : approved.filter((h) => byHolder.has(h.id))).map((h) => ({
        holderId: h.id,
        name: h.name,
        type: h.type,
        holdingRatio: h.holdingRatio,
        bankAccount: h.bankAccount,
        amount: byHolder.get(h.id)?.amount ?? null,
      })),
    );
    setDate(b.distributionDate ? dayjs(b.distributionDate) : null);
  }, [b, holders.data]);

  const reload = async () => {
    await Promise.all([batch.reload(), onChanged()]);
  };
  const run = async (what: string, fn: () => Promise<unknown>, done: string) => {
    setBusy(what);
    try {
      await fn();
      message.success(done);
      setErrors([]);
      await reload();
    } catch (err) {
      const list = err instanceof ApiError ? ((err.details as { errors?: TRowError[] } | undefined)?.errors ?? []) : [];
      if (list.length) {
        setErrors(list);
        message.error(`有 ${list.length} 个问题，未保存`);
      } else await handleSaveError(err, { message, reload });
    } finally {
      setBusy(null);
    }
  };

  if (batch.error) return <LoadError error={batch.error} what="分配批次" onRetry={batch.reload} />;
  if (!b || !rows) return null;
  const entered = rows.filter((r) => r.amount !== null && r.amount !== '');
  const total = sumMoney(entered.map((r) => r.amount!));
  const save = () =>
    run(
      'save',
      () =>
        put(`${url}/lines`, {
          version: b.version,
          distributionDate: date ? date.format('YYYY-MM-DD') : null,
          lines: entered.map((r) => ({ holderId: r.holderId, amount: r.amount })),
        }),
      '已保存分配明细',
    );
  const importFile = (file: File) => {
    const fd = new FormData();
    fd.append('file', file);
    return run('import', () => api('POST', `${url}/import`, fd, { version: b.version }), '已导入分配金额');
  };
  const columns: ColumnsType<EditRow> = [
    { title: '股东名称', dataIndex: 'name' },
    { title: '类型', dataIndex: 'type', width: 64, render: (t: TMinorityHolderType) => MINORITY_HOLDER_TYPE_LABEL[t] },
    {
      title: '持股比例',
      dataIndex: 'holdingRatio',
      width: 100,
      align: 'right',
      render: (v: string) => `${dec(v).toString()}%`,
    },
    { title: '银行账号', dataIndex: 'bankAccount', width: 160, render: (v: string | null) => v ?? '—' },
    {
      title: '分配金额',
      key: 'amount',
      width: 200,
      align: 'right',
      render: (_v, r, i) =>
        draft ? (
          <MoneyInput
            aria-label={`分配金额 ${r.name}`}
            value={r.amount}
            onChange={(v) => setRows((rs) => rs!.map((x, j) => (j === i ? { ...x, amount: v } : x)))}
          />
        ) : (
          <Money value={r.amount ?? '0'} />
        ),
    },
  ];
  const dirtyTotal = draft && !total.equals(b.total);
  return (
    <div style={{ marginTop: 16 }} data-testid="minority-batch">
      <Typography.Title level={5}>
        第 {b.seq} 批 · {b.title} <Tag color={BATCH_COLOR[b.status]}>{MINORITY_BATCH_STATUS_LABEL[b.status]}</Tag>
      </Typography.Title>
      {b.status === 'DRAFT' && b.returnReason && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={`审核退回：${b.returnReason}`} />
      )}
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="未保存，请修改后重试"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {errors.map((e) => (
                <li key={`${e.row}-${e.column}-${e.message}`}>{e.message}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space wrap style={{ marginBottom: 12 }}>
        <span>分配日期：</span>
        {draft ? (
          <DatePicker aria-label="分配日期" value={date} onChange={setDate} />
        ) : (
          <span>{b.distributionDate ?? '—'}</span>
        )}
        {draft && (
          <>
            <Button type="primary" loading={busy === 'save'} onClick={() => void save()}>
              保存
            </Button>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(f) => {
                void importFile(f);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={busy === 'import'}>
                导入
              </Button>
            </Upload>
            <Tooltip title={dirtyTotal ? '请先保存修改' : b.lineCount ? '' : '请先录入或导入分配金额'}>
              <Button
                disabled={dirtyTotal || !b.lineCount}
                loading={busy === 'submit'}
                onClick={() => void run('submit', () => post(`${url}/submit`, { version: b.version }), '已提交审核')}
              >
                申请审核
              </Button>
            </Tooltip>
          </>
        )}
        <Button
          icon={<DownloadOutlined />}
          onClick={() =>
            void download(`${url}/export`, `外部股东分配-${b.title}.xlsx`).catch((e) => message.error(errorMessage(e)))
          }
        >
          {draft ? '导出模板' : '导出'}
        </Button>
        {reviewer && b.status === 'SUBMITTED' && b.reviewId && (
          <ReviewButtons reviewId={b.reviewId} what={`外部股东分配：${b.title}`} onDone={reload} />
        )}
        {editor && b.status === 'APPROVED' && (
          <>
            <span>发放日期：</span>
            <DatePicker aria-label="发放日期" value={paidOn} onChange={setPaidOn} />
            <Button
              type="primary"
              disabled={!paidOn}
              loading={busy === 'paid'}
              onClick={() =>
                void run(
                  'paid',
                  () => post(`${url}/paid`, { version: b.version, paidOn: paidOn!.format('YYYY-MM-DD') }),
                  '已登记发放',
                )
              }
            >
              登记发放
            </Button>
          </>
        )}
        {b.status === 'PAID' && <span>已于 {b.paidOn ? formatDate(b.paidOn) : '—'} 发放</span>}
      </Space>
      <Table<EditRow>
        rowKey="holderId"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: '没有审核通过的外部股东，请先在【股东登记】中登记并审核' }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={4}>
              <b>合计</b>（{entered.length} 位股东）
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <b data-testid="minority-batch-total">{formatMoney(draft ? total : b.total)}</b>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </div>
  );
}
