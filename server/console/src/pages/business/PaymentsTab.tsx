/**
 * 缴款 (quick guide 3.1.1–3.1.3): the amounts due of the round with 未缴 / 部分缴款 / 已缴 / 逾期 / 已放弃, 测试发送 then
 * 发送缴款通知, 催缴, and 缴款确认 by date and amount — partial payments listed; one idempotency key per dialog, so
 * a double click or a retry books once.
 */
import {
  BellOutlined,
  CheckCircleOutlined,
  ExperimentOutlined,
  FileImageOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Descriptions, Empty, Form, Input, Modal, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { PAYMENT_STATUS_LABEL, ZPaymentConfirm, type TPaymentStatus } from '../../../../../shared/api/scheme';
import { formatDateTime } from '../../../../../shared/datetime';
import { dec, formatMoney, moneyString, sumMoney } from '../../../../../shared/money';
import { LoadError, Money, notReady } from '../../components/table';
import { ApiError, get, post } from '../../lib/api';
import { isVersionConflict, parseWith, VERSION_CONFLICT_TEXT } from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';
import {
  clearErrors,
  fieldDetails,
  Figure,
  handleSaveError,
  markFields,
  MoneyInput,
  NO_ROUND_TEXT,
  PartnerMarks,
  PaymentStatusTag,
} from './common';
import { PaidBar } from './LevelChart';
import type {
  TConfirmResult,
  TDue,
  TPaymentNoticesSent,
  TPaymentRecord,
  TRemindersSent,
} from '../../../../../shared/api/payments';
import { ReceiptModal } from './RoundCorrections';
import type { RoundProps } from './types';

export function PaymentsTab({ projectId, round, roundId, detail, reloadRound }: RoundProps) {
  const { message, modal } = App.useApp();
  const dues = useRequest(
    () => get<TDue[]>(`/api/projects/${projectId}/payments`, { roundId: roundId ?? undefined }),
    [projectId, roundId],
    { skip: !roundId },
  );
  const [busy, setBusy] = useState<'test' | 'send' | 'remind' | null>(null);
  const [tested, setTested] = useState(false);
  const [confirming, setConfirming] = useState<TDue | null>(null);
  const [receipt, setReceipt] = useState<TDue | null>(null);
  // 退 / 离 of each partner, from the round's lines
  const marksOf = new Map((detail?.lines ?? []).map((l) => [l.user.id, l.user.marks]));

  if (!roundId || !round) return <Empty description={NO_ROUND_TEXT} />;
  const status = detail?.round.status ?? round.status;
  const confirmed = status === 'CONFIRMED' || status === 'CLOSED';
  const list = dues.data ?? [];
  const unsent = list.filter((d) => !d.noticeSentAt && d.status !== 'PAID');
  const owing = list.filter((d) => (d.storedStatus === 'UNPAID' || d.storedStatus === 'PARTIAL') && d.noticeSentAt);
  const totals = {
    due: sumMoney(list.map((d) => d.amountDue)),
    paid: sumMoney(list.map((d) => d.paidAmount)),
    outstanding: sumMoney(list.filter((d) => d.status !== 'FORFEITED').map((d) => d.outstanding)),
  };
  const counts = (Object.keys(PAYMENT_STATUS_LABEL) as TPaymentStatus[])
    .map((s) => ({ s, n: list.filter((d) => d.status === s).length }))
    .filter((x) => x.n);

  const sendTest = async () => {
    setBusy('test');
    try {
      await post(`/api/projects/${projectId}/rounds/${roundId}/payment-notices`, { test: true });
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
      title: '发送缴款通知',
      content: (
        <div>
          将向 <b>{unsent.length}</b> 位合伙人发送缴款通知（应缴金额、缴款截止日、收款账户）。
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
          const r = await post<TPaymentNoticesSent>(`/api/projects/${projectId}/rounds/${roundId}/payment-notices`, {
            test: false,
          });
          message.success(`缴款通知已发送给 ${r.recipients} 人`);
          // the project's next step moves on (缴款通知 → the partners pay)
          await Promise.all([dues.reload(), reloadRound()]);
        } catch (err) {
          await handleSaveError(err, { message, reload: dues.reload });
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const remind = () => {
    modal.confirm({
      title: '发送催缴通知',
      content: `向 ${owing.length} 位尚未缴清的合伙人发送催缴通知（每人每天最多一次）。`,
      okText: '发送催缴',
      cancelText: '取消',
      onOk: async () => {
        setBusy('remind');
        try {
          const r = await post<TRemindersSent>(`/api/projects/${projectId}/rounds/${roundId}/reminders`);
          message.success(
            `已催缴 ${r.reminded} 人${r.alreadyRemindedToday ? `；${r.alreadyRemindedToday} 人今天已催缴过` : ''}`,
          );
          await dues.reload();
        } catch (err) {
          await handleSaveError(err, { message, reload: dues.reload });
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const columns: ColumnsType<TDue> = [
    {
      title: '序号',
      key: 'i',
      width: 56,
      align: 'center',
      render: (_v, _r, i) => <span className="num">{i + 1}</span>,
    },
    {
      title: '合伙人',
      key: 'user',
      width: 120,
      fixed: 'left',
      render: (_v, d) => (
        <span>
          {d.user?.name ?? `#${d.userId}`}
          <PartnerMarks marks={marksOf.get(d.userId)} />
        </span>
      ),
    },
    {
      title: '应缴金额',
      dataIndex: 'amountDue',
      width: 140,
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    {
      title: '已缴金额',
      dataIndex: 'paidAmount',
      width: 140,
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    {
      title: '未缴金额',
      dataIndex: 'outstanding',
      width: 140,
      align: 'right',
      render: (v: string, d) => (d.status === 'FORFEITED' ? <span className="muted">—</span> : <Money value={v} />),
    },
    {
      title: '合伙人打款',
      key: 'partner-paid',
      width: 128,
      render: (_v, d) =>
        d.partnerMarkedPaidAt || d.receipts.length > 0 ? (
          <div data-testid={`partner-paid-${d.id}`}>
            {d.partnerMarkedPaidAt && (
              <Tooltip title={`合伙人于 ${formatDateTime(d.partnerMarkedPaidAt)} 在钉钉中标记已打款，请核对到账后确认`}>
                <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                  本人已标记打款
                </Tag>
              </Tooltip>
            )}
            {d.receipts.length > 0 && (
              <Button
                type="link"
                size="small"
                icon={<FileImageOutlined />}
                onClick={() => setReceipt(d)}
                aria-label={`付款凭证 ${d.user?.name ?? d.userId}`}
                style={{ paddingInline: 4, height: 'auto' }}
                data-testid={`receipt-${d.id}`}
              >
                凭证{d.receipts.length > 1 ? `（${d.receipts.length}）` : ''}
              </Button>
            )}
          </div>
        ) : (
          <span className="muted">—</span>
        ),
    },
    { title: '状态', dataIndex: 'status', width: 96, render: (v: TPaymentStatus) => <PaymentStatusTag status={v} /> },
    { title: '缴款截止', dataIndex: 'dueDate', width: 110, render: (v: string) => <span className="num">{v}</span> },
    {
      title: '缴款通知',
      dataIndex: 'noticeSentAt',
      width: 136,
      render: (v: string | null) =>
        v ? <span className="num">{formatDateTime(v)}</span> : <span className="muted">未发送</span>,
    },
    {
      title: '最近催缴',
      dataIndex: 'lastReminderAt',
      width: 136,
      render: (v: string | null) => <span className="num">{formatDateTime(v, '')}</span>,
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
          disabled={d.storedStatus === 'PAID' || d.storedStatus === 'FORFEITED'}
          onClick={() => setConfirming(d)}
          aria-label={`缴款确认 ${d.user?.name ?? d.userId}`}
        >
          缴款确认
        </Button>
      ),
    },
  ];

  const waiting = notReady(dues, '缴款明细');
  if (waiting) return waiting;
  return (
    <div>
      {!confirmed && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="「事业合伙立项」流程完成后生成各合伙人的应缴金额，届时可在此发送缴款通知并确认缴款。"
        />
      )}
      <div className="toolbar">
        <div className="toolbar-left">
          <Tooltip title="先发一条样例给自己，核对金额、截止日与收款账户">
            <Button
              icon={<ExperimentOutlined />}
              loading={busy === 'test'}
              disabled={!confirmed || !list.length}
              onClick={() => void sendTest()}
              data-testid="payment-test-send"
            >
              测试发送
            </Button>
          </Tooltip>
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={busy === 'send'}
            disabled={!confirmed || !unsent.length}
            onClick={sendAll}
            data-testid="payment-send"
          >
            发送缴款通知{unsent.length ? `（${unsent.length}）` : ''}
          </Button>
          <Button
            icon={<BellOutlined />}
            loading={busy === 'remind'}
            disabled={!owing.length}
            onClick={remind}
            data-testid="payment-remind"
          >
            催缴{owing.length ? `（${owing.length}）` : ''}
          </Button>
        </div>
        <div className="toolbar-right biz-figures" style={{ marginBottom: 0 }}>
          <Figure label="应缴合计">{formatMoney(totals.due)}</Figure>
          <Figure label="已缴合计" tone="green">
            {formatMoney(totals.paid)}
          </Figure>
          <Figure label="未缴合计" tone="red">
            {formatMoney(totals.outstanding)}
          </Figure>
          <div className="biz-figure" style={{ minWidth: 220 }}>
            <div className="biz-figure-label">
              缴款进度 · {counts.map((c) => `${PAYMENT_STATUS_LABEL[c.s]} ${c.n}`).join(' · ') || '—'}
            </div>
            <PaidBar paid={moneyString(totals.paid)} due={moneyString(totals.due)} />
          </div>
        </div>
      </div>
      <LoadError error={dues.error} what="缴款明细" onRetry={dues.reload} />
      <Table<TDue>
        className="biz-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list}
        loading={dues.loading}
        scroll={{ x: 1380 }}
        data-testid="dues-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        expandable={{
          rowExpandable: (d) => d.records.length > 0,
          expandedRowRender: (d) => <Records records={d.records} />,
        }}
        locale={{ emptyText: confirmed ? '没有应缴记录' : '尚未生成应缴记录' }}
      />
      {receipt && <ReceiptModal projectId={projectId} due={receipt} onClose={() => setReceipt(null)} />}
      {confirming && (
        <ConfirmPaymentModal
          projectId={projectId}
          due={confirming}
          onClose={() => setConfirming(null)}
          onBooked={async () => {
            setConfirming(null);
            await Promise.all([dues.reload(), reloadRound()]);
          }}
          reloadDue={async () => {
            await dues.reload();
            const fresh = (await get<TDue[]>(`/api/projects/${projectId}/payments`, { roundId })).find(
              (d) => d.id === confirming.id,
            );
            if (fresh) setConfirming(fresh);
          }}
        />
      )}
    </div>
  );
}

export function Records({ records }: { records: TPaymentRecord[] }) {
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="id"
      dataSource={records}
      style={{ maxWidth: 560 }}
      columns={[
        { title: '第几笔', key: 'n', width: 72, render: (_v, _r, i) => <span className="num">{i + 1}</span> },
        { title: '缴款日期', dataIndex: 'paidOn', width: 120, render: (v: string) => <span className="num">{v}</span> },
        { title: '金额', dataIndex: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
        {
          title: '确认时间',
          dataIndex: 'createdAt',
          width: 150,
          render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
        },
      ]}
    />
  );
}

interface ConfirmValues {
  paidOn?: Dayjs | null;
  amount?: string | null;
  note?: string;
}

/** 缴款确认: one idempotency key per opening of the dialog — pressing 确认 twice, or retrying after a timeout, books once. */
function ConfirmPaymentModal({
  projectId,
  due,
  onClose,
  onBooked,
  reloadDue,
}: {
  projectId: number;
  due: TDue;
  onClose: () => void;
  onBooked: () => Promise<void>;
  reloadDue: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ConfirmValues>();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const name = due.user?.name ?? `#${due.userId}`;

  const submit = async () => {
    if (busy) return;
    clearErrors(form);
    setError(null);
    const v = form.getFieldsValue();
    const body = parseWith(form, ZPaymentConfirm, {
      amount: v.amount ?? undefined,
      paidOn: v.paidOn ? v.paidOn.format('YYYY-MM-DD') : undefined,
      idempotencyKey: key,
      version: due.version,
      note: v.note?.trim() || undefined,
    });
    if (!body) return;
    if (dec(body.amount).greaterThan(dec(due.outstanding))) {
      form.setFields([{ name: 'amount', errors: [`超出未缴金额，最多还可确认 ${formatMoney(due.outstanding)}`] }]);
      return;
    }
    setBusy(true);
    try {
      const r = await post<TConfirmResult>(`/api/projects/${projectId}/payments/${due.id}/confirm`, body);
      message.success(
        `${name} 缴款 ${formatMoney(body.amount)} 已确认${r.status === 'PAID' ? '，已全部缴清' : `，尚欠 ${formatMoney(r.outstanding)}`}`,
      );
      await onBooked();
    } catch (err) {
      if (isVersionConflict(err)) {
        // someone else booked meanwhile: nothing was booked by this request; show the fresh figures and a new key
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
      title={`缴款确认 · ${name}`}
      width={600}
      okText="确认缴款"
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
          { key: 'd', label: '应缴', children: <span className="money">{formatMoney(due.amountDue)}</span> },
          { key: 'p', label: '已缴', children: <span className="money">{formatMoney(due.paidAmount)}</span> },
          {
            key: 'o',
            label: '未缴',
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
            已确认的缴款（{due.records.length} 笔）
          </div>
          <Records records={due.records} />
        </div>
      )}
      <Form form={form} layout="vertical" initialValues={{ paidOn: dayjs() }}>
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item name="paidOn" label="到账日期" required style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
          </Form.Item>
          <Form.Item
            name="amount"
            label="本次到账金额（元）"
            required
            style={{ flex: 1 }}
            extra={
              <span>
                按银行到账金额填写，分多笔到账时逐笔确认。
                <a onClick={() => form.setFieldValue('amount', due.outstanding)} data-testid="fill-outstanding">
                  填入未缴金额 {formatMoney(due.outstanding)}
                </a>
              </span>
            }
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
