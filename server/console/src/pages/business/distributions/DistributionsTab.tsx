/**
 * 分配 (quick guide 7.1.1–8.1.8): the project's batch tabs 未分配 / 本金分配 / 第N次利润分配 … / 清算分配 (a batch not
 * created yet opens on its 新建 form), and inside a batch the sub-tabs 分配账户, 事业合伙分配 (settings, 测算, the A…F
 * table, 送审, 查看BPM, 导出Excel, 发放登记, 锁定) and 分配通知. The BPM flows start from 项目流程.
 */
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Empty, Form, Modal, Radio, Table, Tabs, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { batchName, type TBatchDetail, type TDistributionKind } from '../../../../../../shared/api/distributions';
import { LEVEL_LABEL } from '../../../../../../shared/api/labels';
import type { TCapitalHolding, TCapitalOverview } from '../../../../../../shared/api/capital';
import { shanghaiDay } from '../../../../../../shared/datetime';
import { sumMoney } from '../../../../../../shared/money';
import { LoadError, Money, notReady } from '../../../components/table';
import { get, post } from '../../../lib/api';
import { useRequest } from '../../../lib/useRequest';
import { handleSaveError } from '../common';
import { AccountsPanel } from './AccountsPanel';
import { BatchPanel, BatchStatusTag } from './BatchPanel';
import { NoticesPanel } from './NoticesPanel';
import { MarkTags, type TBatchHeadRow } from './shared';

type BatchKey = 'none' | 'PRINCIPAL' | 'CLEARING' | `PROFIT-${number}`;

const keyOf = (b: { kind: TDistributionKind; seq: number }): BatchKey =>
  b.kind === 'PROFIT' ? `PROFIT-${b.seq}` : b.kind;

export function DistributionsTab({ projectId, editable }: { projectId: number; editable: boolean }) {
  const batches = useRequest(() => get<TBatchHeadRow[]>(`/api/projects/${projectId}/distributions`), [projectId]);
  const capital = useRequest(() => get<TCapitalOverview>(`/api/projects/${projectId}/capital`), [projectId]);
  const [active, setActive] = useState<BatchKey>('none');
  const [creating, setCreating] = useState<TDistributionKind | null>(null);
  const list = batches.data ?? [];
  const principal = list.find((b) => b.kind === 'PRINCIPAL');
  const clearing = list.find((b) => b.kind === 'CLEARING');
  const profits = list.filter((b) => b.kind === 'PROFIT').sort((a, b) => a.seq - b.seq);

  const items = [
    { key: 'none', label: '未分配' },
    { key: 'PRINCIPAL', label: principal ? <TabLabel batch={principal} /> : '本金分配' },
    ...profits.map((b) => ({ key: keyOf(b), label: <TabLabel batch={b} /> })),
    { key: 'CLEARING', label: clearing ? <TabLabel batch={clearing} /> : '清算分配' },
  ];
  const batch = list.find((b) => keyOf(b) === active) ?? null;

  const waiting = notReady(batches, '分配批次');
  if (waiting) return waiting;
  return (
    <div data-testid="distributions">
      <Tabs
        type="card"
        size="small"
        activeKey={active}
        onChange={(k) => setActive(k as BatchKey)}
        items={items}
        data-testid="batch-tabs"
        tabBarExtraContent={
          editable ? (
            <Button icon={<PlusOutlined />} onClick={() => setCreating('PROFIT')} data-testid="new-profit-batch">
              新建第{profits.length + 1}次利润分配
            </Button>
          ) : undefined
        }
      />
      <LoadError error={batches.error} what="分配批次" onRetry={batches.reload} />
      {active === 'none' ? (
        <UndistributedView projectId={projectId} capital={capital.data} error={capital.error} editable={editable} />
      ) : batch ? (
        <BatchView
          key={batch.id}
          projectId={projectId}
          batchId={batch.id}
          editable={editable}
          holdings={capital.data?.holdings ?? []}
          onChanged={async () => {
            await Promise.all([batches.reload(), capital.reload()]);
          }}
        />
      ) : active === 'PRINCIPAL' || active === 'CLEARING' ? (
        <Empty
          style={{ margin: '32px 0' }}
          description={
            active === 'PRINCIPAL'
              ? '尚未建立本金分配批次。本金分配按资金台账返还事业合伙本金并扣减资金利息。'
              : '尚未建立清算分配批次。清算分配返还剩余本金并分配最后一次利润。'
          }
        >
          {editable && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(active)}>
              新建{active === 'PRINCIPAL' ? '本金分配' : '清算分配'}批次
            </Button>
          )}
        </Empty>
      ) : null}
      {creating && (
        <CreateBatchModal
          projectId={projectId}
          kind={creating}
          seq={creating === 'PROFIT' ? profits.length + 1 : 1}
          onClose={() => setCreating(null)}
          onCreated={async (b) => {
            setCreating(null);
            await batches.reload();
            setActive(keyOf(b));
          }}
        />
      )}
    </div>
  );
}

function TabLabel({ batch }: { batch: TBatchHeadRow }) {
  return (
    <span>
      {batch.name} <BatchStatusTag status={batch.status} small />
    </span>
  );
}

function BatchView({
  projectId,
  batchId,
  editable,
  holdings,
  onChanged,
}: {
  projectId: number;
  batchId: number;
  editable: boolean;
  holdings: TCapitalHolding[];
  onChanged: () => Promise<void>;
}) {
  const [sub, setSub] = useState('calc');
  const detail = useRequest(
    () => get<TBatchDetail>(`/api/projects/${projectId}/distributions/${batchId}`),
    [projectId, batchId],
  );
  // the batch moves on elsewhere too (the reviewer, DingTalk's callback): each sub-tab opens on fresh figures
  const reload = detail.reload;
  const shown = useRef(sub);
  useEffect(() => {
    if (shown.current === sub) return;
    shown.current = sub;
    void reload();
  }, [sub, reload]);
  return (
    <div>
      <Tabs
        activeKey={sub}
        onChange={setSub}
        data-testid="batch-subtabs"
        items={[
          { key: 'accounts', label: '分配账户' },
          { key: 'calc', label: '事业合伙分配' },
          { key: 'notices', label: '分配通知' },
        ]}
      />
      <LoadError error={detail.error} what="分配批次" onRetry={detail.reload} />
      {sub === 'accounts' && <AccountsPanel projectId={projectId} editable={editable} />}
      {sub === 'calc' && detail.data && (
        <BatchPanel
          projectId={projectId}
          batch={detail.data}
          editable={editable}
          holdings={holdings}
          reload={async () => {
            await Promise.all([detail.reload(), onChanged()]);
          }}
        />
      )}
      {sub === 'notices' && detail.data && <NoticesPanel projectId={projectId} batch={detail.data} />}
    </div>
  );
}

/** 未分配: what the ledger holds now — each holder's paid-in principal not yet returned. */
function UndistributedView({
  projectId,
  capital,
  error,
  editable,
}: {
  projectId: number;
  capital: TCapitalOverview | undefined;
  error: unknown;
  editable: boolean;
}) {
  const [sub, setSub] = useState('holdings');
  const rows = useMemo(
    () => (capital?.holdings ?? []).filter((h) => h.paid !== '0.00' || h.committed !== '0.00'),
    [capital],
  );
  const columns: ColumnsType<TCapitalHolding> = [
    {
      title: '序号',
      key: 'i',
      width: 60,
      align: 'center',
      render: (_v, _r, i) => <span className="num">{i + 1}</span>,
    },
    {
      title: '姓名',
      key: 'name',
      render: (_v, h) => (
        <span>
          {h.holder === 'PLATFORM' ? <Tag color="blue">平台公司</Tag> : h.name}
          <MarkTags marks={h.marks.map((m) => (m === 'EXITED' ? '退' : '离'))} />
        </span>
      ),
    },
    { title: '层级', dataIndex: 'level', width: 110, render: (v: TCapitalHolding['level']) => LEVEL_LABEL[v] },
    { title: '认缴', dataIndex: 'committed', align: 'right', render: (v: string) => <Money value={v} /> },
    {
      title: '事业合伙本金（实缴未返还）',
      dataIndex: 'paid',
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
  ];
  return (
    <div>
      <Tabs
        activeKey={sub}
        onChange={setSub}
        items={[
          { key: 'accounts', label: '分配账户' },
          { key: 'holdings', label: '事业合伙分配' },
        ]}
      />
      {sub === 'accounts' && <AccountsPanel projectId={projectId} editable={editable} />}
      {sub === 'holdings' && (
        <>
          <div className="toolbar">
            <div className="toolbar-left muted">
              资金台账当前的持有人及尚未返还的事业合伙本金；本金分配、利润分配按分配日的台账测算。
            </div>
          </div>
          <LoadError error={error} what="累计投资" />
          <Table<TCapitalHolding>
            className="biz-table"
            size="middle"
            rowKey={(h) => `${h.level}-${h.userId ?? 'p'}`}
            columns={columns}
            dataSource={rows}
            loading={!capital && !error}
            pagination={false}
            data-testid="undistributed-table"
            locale={{ emptyText: '尚无缴款记录' }}
            summary={() =>
              rows.length ? (
                <Table.Summary.Row className="biz-summary-row">
                  <Table.Summary.Cell index={0} colSpan={3}>
                    合计
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <Money value={sumMoney(rows.map((r) => r.committed))} />
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    <Money value={sumMoney(rows.map((r) => r.paid))} />
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              ) : null
            }
          />
        </>
      )}
    </div>
  );
}

function CreateBatchModal({
  projectId,
  kind,
  seq,
  onClose,
  onCreated,
}: {
  projectId: number;
  kind: TDistributionKind;
  seq: number;
  onClose: () => void;
  onCreated: (b: TBatchDetail) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ date: Dayjs; mode: 'COMPUTED' | 'MANUAL' }>();
  const [saving, setSaving] = useState(false);
  const name = batchName(kind, seq);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    try {
      const created = await post<TBatchDetail>(`/api/projects/${projectId}/distributions`, {
        kind,
        mode: v.mode,
        date: v.date.format('YYYY-MM-DD'),
      });
      message.success(`已新建${name}批次`);
      await onCreated(created);
    } catch (err) {
      await handleSaveError(err, { message });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`新建${name}批次`}
      okText="新建"
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ date: dayjs(shanghaiDay()), mode: 'COMPUTED' }}>
        <Form.Item name="date" label="分配日期" rules={[{ required: true, message: '请选择分配日期' }]}>
          <DatePicker style={{ width: '100%' }} aria-label="分配日期" />
        </Form.Item>
        <Form.Item
          name="mode"
          label="方式"
          extra="手动-非测算：由业务管理员解锁编辑后，经营会计录入或导入分配明细（不按资金台账测算）。"
        >
          <Radio.Group
            options={[
              { value: 'COMPUTED', label: '按资金台账测算' },
              { value: 'MANUAL', label: '手动-非测算' },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
