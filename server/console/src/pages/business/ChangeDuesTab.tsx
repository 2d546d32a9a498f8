/**
 * 变更缴款确认 (quick guide 4.3.1–4.3.2): the 补缴 and 退款 an applied 峰值变更 created, 补缴/退款通知 (a test to
 * oneself first), and the confirmations — a 补缴 received or a 退款 paid out, by date and amount, partial allowed, one
 * idempotency key per dialog (a double click or a retry books once), as 缴款确认 does.
 */
import { CheckCircleOutlined, ExperimentOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Modal,
  Select,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  CHANGE_DUE_KIND_LABEL,
  CHANGE_DUE_STATUS_LABEL,
  ZChangeDueConfirm,
  type TChangeDue,
  type TChangeDueStatus,
} from '../../../../../shared/api/scheme-change';
import { LEVEL_LABEL } from '../../../../../shared/api/labels';
import { formatDateTime } from '../../../../../shared/datetime';
import { dec, formatMoney, sumMoney } from '../../../../../shared/money';
import { LoadError, Money, notReady } from '../../components/table';
import { ApiError, get, post } from '../../lib/api';
import { isVersionConflict, parseWith, VERSION_CONFLICT_TEXT } from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';
import { clearErrors, fieldDetails, Figure, handleSaveError, markFields, MoneyInput, PartnerMarks } from './common';
import { Records } from './PaymentsTab';
import type { TSchemeChangeSummary } from './SchemeChangeTab';

const STATUS_COLOR: Record<TChangeDueStatus, string> = { UNPAID: 'default', PARTIAL: 'orange', PAID: 'green' };

export function ChangeDuesTab({ projectId }: { projectId: number }) {
  const { message, modal } = App.useApp();
  const list = useRequest(() => get<TSchemeChangeSummary[]>(`/api/projects/${projectId}/scheme-changes`), [projectId]);
  const applied = (list.data ?? []).filter((c) => c.status === 'APPLIED');
  const [picked, setPicked] = useState<number | null>(null);
  const changeId = picked ?? applied[applied.length - 1]?.id ?? null;
  const dues = useRequest(
    () => get<TChangeDue[]>(`/api/projects/${projectId}/scheme-changes/${changeId}/dues`),
    [projectId, changeId],
    { skip: changeId === null },
  );
  const [busy, setBusy] = useState<'test' | 'send' | null>(null);
  const [tested, setTested] = useState(false);
  const [dueDate, setDueDate] = useState<Dayjs | null>(null);
  const [confirming, setConfirming] = useState<TChangeDue | null>(null);

  if (list.data && !applied.length)
    return (
      <Empty description="还没有生效的峰值变更。【立项信息变更】流程完成后，在此发送补缴/退款通知并确认补缴到账与退款。" />
    );
  const rows = dues.data ?? [];
  const unsent = rows.filter((d) => !d.noticeSentAt && d.status !== 'PAID');
  const topUps = rows.filter((d) => d.kind === 'TOPUP');
  const refunds = rows.filter((d) => d.kind === 'REFUND');
  const base = `/api/projects/${projectId}/scheme-changes/${changeId}`;

  const sendTest = async () => {
    setBusy('test');
    try {
      await post(`${base}/notices`, { test: true, dueDate: dueDate?.format('YYYY-MM-DD') });
      setTested(true);
      message.success('测试消息已发送到您的钉钉，请查看内容无误后正式发送');
    } catch (err) {
      await handleSaveError(err, { message });
    } finally {
      setBusy(null);
    }
  };

  const sendAll = () => {
    modal.confirm({
      title: '发送补缴/退款通知',
      content: (
        <div>
          将向 <b>{unsent.length}</b> 位合伙人发送补缴/退款通知（调整前后认缴、补缴或退款金额
          {dueDate ? `、补缴截止日 ${dueDate.format('YYYY-MM-DD')}` : ''}）。
          {!tested && (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              title="您在本次还没有发送测试消息，建议先【测试发送】给自己核对内容。"
            />
          )}
        </div>
      ),
      okText: '正式发送',
      cancelText: '取消',
      onOk: async () => {
        setBusy('send');
        try {
          const r = await post<{ recipients: number }>(`${base}/notices`, {
            test: false,
            dueDate: dueDate?.format('YYYY-MM-DD'),
          });
          message.success(`补缴/退款通知已发送给 ${r.recipients} 人`);
          await dues.reload();
        } catch (err) {
          await handleSaveError(err, { message, reload: dues.reload });
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const columns: ColumnsType<TChangeDue> = [
    {
      title: '合伙人',
      key: 'user',
      width: 150,
      fixed: 'left',
      render: (_v, d) => (
        <span>
          {d.user.name}
          <PartnerMarks marks={d.user.marks} />
          <span className="muted"> · {LEVEL_LABEL[d.level]}</span>
        </span>
      ),
    },
    {
      title: '补缴 / 退款',
      dataIndex: 'amountDue',
      width: 160,
      align: 'right',
      render: (v: string, d) => (
        <span>
          <Tag color={d.kind === 'REFUND' ? 'purple' : 'orange'}>{CHANGE_DUE_KIND_LABEL[d.kind]}</Tag>
          <Money value={v} />
        </span>
      ),
    },
    {
      title: '已完成 / 未完成',
      key: 'progress',
      width: 140,
      align: 'right',
      render: (_v, d) => (
        <span>
          <Money value={d.paidAmount} />
          <div className="muted" style={{ fontSize: 12 }}>
            {dec(d.outstanding).isZero() ? '已全部完成' : `未完成 ${formatMoney(d.outstanding)}`}
          </div>
        </span>
      ),
    },
    { title: '截止日', dataIndex: 'dueDate', width: 100, render: (v: string) => <span className="num">{v}</span> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 84,
      render: (v: TChangeDueStatus) => (
        <Tag color={STATUS_COLOR[v]} style={{ marginInlineEnd: 0 }}>
          {CHANGE_DUE_STATUS_LABEL[v]}
        </Tag>
      ),
    },
    {
      title: '通知',
      dataIndex: 'noticeSentAt',
      width: 130,
      render: (v: string | null) =>
        v ? <span className="num">{formatDateTime(v)}</span> : <span className="muted">未发送</span>,
    },
    {
      title: '操作',
      key: 'op',
      width: 110,
      fixed: 'right',
      render: (_v, d) => (
        <Button
          type="link"
          size="small"
          icon={<CheckCircleOutlined />}
          disabled={d.status === 'PAID'}
          onClick={() => setConfirming(d)}
          aria-label={`${d.kind === 'REFUND' ? '退款确认' : '补缴确认'} ${d.user.name}`}
        >
          {d.kind === 'REFUND' ? '退款确认' : '补缴确认'}
        </Button>
      ),
    },
  ];

  const waiting = notReady(list, '峰值变更');
  if (waiting) return waiting;
  return (
    <div data-testid="change-dues">
      <div className="toolbar">
        <div className="toolbar-left">
          {applied.length > 1 && (
            <Select
              style={{ minWidth: 260 }}
              value={changeId ?? undefined}
              aria-label="峰值变更"
              onChange={(v: number) => setPicked(v)}
              options={applied.map((c) => ({
                value: c.id,
                label: `第 ${c.seq} 次 · ${formatMoney(c.oldPeakCapital)} → ${formatMoney(c.peakCapital)}`,
              }))}
            />
          )}
          <Tooltip title="补缴截止日；不填则按立项信息中的缴款期限">
            <DatePicker
              placeholder="补缴截止日"
              value={dueDate}
              onChange={setDueDate}
              aria-label="补缴截止日"
              disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
            />
          </Tooltip>
          <Tooltip title="先发一条样例给自己，核对金额、截止日与账户">
            <Button
              icon={<ExperimentOutlined />}
              loading={busy === 'test'}
              disabled={!rows.length}
              onClick={() => void sendTest()}
              data-testid="change-notice-test"
            >
              测试发送
            </Button>
          </Tooltip>
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={busy === 'send'}
            disabled={!unsent.length}
            onClick={sendAll}
            data-testid="change-notice-send"
          >
            发送补缴/退款通知{unsent.length ? `（${unsent.length}）` : ''}
          </Button>
        </div>
        <div className="toolbar-right biz-figures" style={{ marginBottom: 0 }}>
          <Figure label={`补缴 ${topUps.length} 人`}>{formatMoney(sumMoney(topUps.map((d) => d.amountDue)))}</Figure>
          <Figure label="补缴未到账" tone="red">
            {formatMoney(sumMoney(topUps.map((d) => d.outstanding)))}
          </Figure>
          <Figure label={`退款 ${refunds.length} 人`}>{formatMoney(sumMoney(refunds.map((d) => d.amountDue)))}</Figure>
          <Figure label="退款未退" tone="red">
            {formatMoney(sumMoney(refunds.map((d) => d.outstanding)))}
          </Figure>
        </div>
      </div>
      <LoadError error={list.error} what="峰值变更" onRetry={list.reload} />
      <LoadError error={dues.error} what="补缴/退款明细" onRetry={dues.reload} />
      <Table<TChangeDue>
        className="biz-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={dues.loading || list.loading}
        scroll={{ x: 900 }}
        data-testid="change-dues-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        expandable={{
          rowExpandable: (d) => d.records.length > 0,
          expandedRowRender: (d) => <Records records={d.records} />,
        }}
        locale={{ emptyText: '本次变更没有补缴或退款' }}
      />
      {confirming && changeId !== null && (
        <ConfirmChangeDueModal
          base={base}
          due={confirming}
          onClose={() => setConfirming(null)}
          onBooked={async () => {
            setConfirming(null);
            await dues.reload();
          }}
          reloadDue={async () => {
            await dues.reload();
            const fresh = (await get<TChangeDue[]>(`${base}/dues`)).find((d) => d.id === confirming.id);
            if (fresh) setConfirming(fresh);
          }}
        />
      )}
    </div>
  );
}

interface ConfirmValues {
  paidOn?: Dayjs | null;
  amount?: string | null;
  note?: string;
}

/** 补缴确认 (money received) or 退款确认 (money paid out); one idempotency key per opening of the dialog. */
function ConfirmChangeDueModal({
  base,
  due,
  onClose,
  onBooked,
  reloadDue,
}: {
  base: string;
  due: TChangeDue;
  onClose: () => void;
  onBooked: () => Promise<void>;
  reloadDue: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ConfirmValues>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refund = due.kind === 'REFUND';
  const what = refund ? '退款确认' : '补缴确认';
  const name = due.user.name;

  const submit = async () => {
    if (busy) return;
    clearErrors(form);
    setError(null);
    const v = form.getFieldsValue();
    const body = parseWith(form, ZChangeDueConfirm, {
      amount: v.amount ?? undefined,
      paidOn: v.paidOn ? v.paidOn.format('YYYY-MM-DD') : undefined,
      idempotencyKey: key,
      note: v.note?.trim() || undefined,
      version: due.version,
    });
    if (!body) return;
    if (dec(body.amount).greaterThan(dec(due.outstanding))) {
      form.setFields([{ name: 'amount', errors: [`超出未完成金额，最多还可确认 ${formatMoney(due.outstanding)}`] }]);
      return;
    }
    setBusy(true);
    try {
      const r = await post<TChangeDue>(`${base}/dues/${due.id}/confirm`, body);
      message.success(
        `${name} ${refund ? '退款' : '补缴'} ${formatMoney(body.amount)} 已确认${
          r.status === 'PAID' ? (refund ? '，已全部退还' : '，已全部缴清') : `，尚余 ${formatMoney(r.outstanding)}`
        }`,
      );
      await onBooked();
    } catch (err) {
      if (isVersionConflict(err)) {
        setError(VERSION_CONFLICT_TEXT);
        setKey(crypto.randomUUID());
        await reloadDue();
      } else if (err instanceof ApiError && err.status === 422) {
        form.setFields([{ name: 'amount', errors: [err.message] }]);
      } else {
        const details = fieldDetails(err).filter((d) => ['amount', 'paidOn', 'note'].includes(d.path));
        if (details.length)
          markFields(
            form,
            details.map((d) => ({ name: d.path, errors: [d.message] })),
          );
        else setError(await handleSaveError(err, { message }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`${what} · ${name}`}
      width={600}
      okText={refund ? '确认已退款' : '确认到账'}
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Descriptions
        size="small"
        column={3}
        bordered
        style={{ marginBottom: 12 }}
        items={[
          {
            key: 'd',
            label: refund ? '应退' : '应补缴',
            children: <span className="money">{formatMoney(due.amountDue)}</span>,
          },
          {
            key: 'p',
            label: refund ? '已退' : '已到账',
            children: <span className="money">{formatMoney(due.paidAmount)}</span>,
          },
          {
            key: 'o',
            label: '未完成',
            children: (
              <b className="money" style={{ color: '#b8242a' }}>
                {formatMoney(due.outstanding)}
              </b>
            ),
          },
        ]}
      />
      {due.records.length > 0 && (
        <div style={{ marginBottom: 12 }}>
          <div className="muted" style={{ marginBottom: 4 }}>
            已确认（{due.records.length} 笔）
          </div>
          <Records records={due.records} />
        </div>
      )}
      <Form form={form} layout="vertical" initialValues={{ paidOn: dayjs(), amount: due.outstanding }}>
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item name="paidOn" label={refund ? '退款日期' : '到账日期'} required style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          </Form.Item>
          <Form.Item
            name="amount"
            label={refund ? '本次退款金额（元）' : '本次到账金额（元）'}
            required
            style={{ flex: 1 }}
            extra="分多笔时逐笔确认，累计至应补缴 / 应退金额即为已完成"
          >
            <MoneyInput />
          </Form.Item>
        </div>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} placeholder="如：银行流水号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
