/**
 * 通知记录: every notice sent to many people (a batch: 认购 / 缴款 / 补缴退款 / 分配通知, 催缴, 协议提醒) with who started
 * it, when, its progress (已发送 / 已送达 / 已读 / 失败) and each failure with DingTalk's reason; 重发失败 sends the failed
 * ones again, once. The admins also see single messages (群机器人, 待办, one-person notices), which carry no project.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Popconfirm, Progress, Select, Space, Table, Tabs, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import type { TPage } from '../../../../shared/api/common';
import type { TProject } from '../../../../shared/api/identity';
import {
  NOTIFICATION_BATCH_STATUS_LABEL,
  NOTIFICATION_CHANNEL_LABEL,
  NOTIFICATION_KIND_LABEL,
  NOTIFICATION_STATUS_LABEL,
  type TNotificationBatchStatus,
  type TNotificationChannel,
  type TNotificationStatus,
} from '../../../../shared/api/labels';
import type {
  TNotificationBatchPage,
  TNotificationBatchProgress,
  TNotificationBatchRow,
  TNotificationItem,
  TNotificationPage,
  TResendResult,
} from '../../../../shared/api/notify';
import { formatDateTime } from '../../../../shared/datetime';
import { useAuth } from '../auth';
import { LoadError, usePaging } from '../components/table';
import { hasRole } from '../lib/access';
import { errorMessage, get, post } from '../lib/api';
import { useRequest } from '../lib/useRequest';

const BATCH_KINDS = [
  'subscription_notice',
  'payment_notice',
  'payment_reminder',
  'change_notice',
  'distribution_notice',
  'agreement_reminder',
];
const kindLabel = (k: string) => NOTIFICATION_KIND_LABEL[k] ?? k;
const BATCH_STATUS_COLOR: Record<TNotificationBatchStatus, string> = {
  SENDING: 'processing',
  FAILED: 'error',
  DONE: 'success',
};
const STATUS_COLOR: Record<TNotificationStatus, string> = {
  PENDING: 'default',
  QUEUED: 'default',
  SENDING: 'processing',
  SENT: 'blue',
  DELIVERED: 'success',
  FAILED: 'error',
  CANCELLED: 'default',
};
const OUTCOME_LABEL: Record<string, string> = {
  read: '已读',
  unread: '未读',
  posted: '已发到群',
  created: '已创建',
  exists: '已创建',
  completed: '已完成',
  delivered_earlier: '此前已送达',
};

/** Reloads every few seconds while something is still going out. */
function usePolling(active: boolean, reload: () => Promise<void>) {
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => void reload(), 3000);
    return () => clearInterval(t);
  }, [active, reload]);
}

function resendText(r: TResendResult): string {
  const parts = [r.resent ? `已重新发送 ${r.resent} 条` : '没有需要重发的失败通知'];
  if (r.held) parts.push(`${r.held} 条可能已送达（结果未知或钉钉判为重复），未重发，请与接收人核实`);
  return parts.join('；');
}

function StatusCell({ item }: { item: TNotificationItem }) {
  return (
    <Space size={4}>
      <Tag color={STATUS_COLOR[item.status]}>{NOTIFICATION_STATUS_LABEL[item.status]}</Tag>
      {item.status === 'DELIVERED' && item.outcome && OUTCOME_LABEL[item.outcome] && (
        <span className="muted">{OUTCOME_LABEL[item.outcome]}</span>
      )}
      {item.resends > 0 && <Tag>已重发 {item.resends} 次</Tag>}
    </Space>
  );
}

function ReasonCell({ item }: { item: TNotificationItem }) {
  if (item.status !== 'FAILED') return <span className="muted">—</span>;
  return (
    <span>
      {item.lastError ?? '发送失败'}
      {!item.resendable && <div className="muted">可能已送达，不会自动重发</div>}
    </span>
  );
}

function BatchProgress({ row }: { row: TNotificationBatchRow }) {
  const c = row.counts;
  const done = c.delivered + c.failed + c.cancelled;
  const percent = c.total ? Math.round((done * 100) / c.total) : 100;
  return (
    <div data-testid={`batch-progress-${row.id}`}>
      <Progress
        percent={percent}
        size="small"
        status={row.status === 'SENDING' ? 'active' : c.failed ? 'exception' : 'success'}
        showInfo={false}
      />
      <span className="muted">
        已送达 {c.delivered}/{c.total}
        {c.read ? ` · 已读 ${c.read}` : ''}
        {c.sent ? ` · 已发送待确认 ${c.sent}` : ''}
        {c.queued ? ` · 排队 ${c.queued}` : ''}
        {c.failed ? ' · ' : ''}
        {c.failed ? <span style={{ color: 'var(--ant-color-error, #ff4d4f)' }}>失败 {c.failed}</span> : null}
      </span>
    </div>
  );
}

function BatchDrawer({
  batchId,
  onClose,
  onResend,
}: {
  batchId: number | undefined;
  onClose: () => void;
  onResend: (id: number) => Promise<void>;
}) {
  const paging = usePaging({ pageSize: 50 });
  const [onlyFailed, setOnlyFailed] = useState(false);
  const { state } = paging;
  const detail = useRequest(
    () =>
      get<TNotificationBatchProgress>(`/api/notification-batches/${batchId}`, {
        status: onlyFailed ? 'FAILED' : undefined,
        page: state.page,
        pageSize: state.pageSize,
      }),
    [batchId, onlyFailed, state.page, state.pageSize],
    { skip: batchId === undefined },
  );
  usePolling(detail.data?.batch.status === 'SENDING', detail.reload);
  const d = detail.data;
  const columns: ColumnsType<TNotificationItem> = [
    { title: '接收人', dataIndex: 'name', width: 110, render: (v: string | null, r) => v ?? r.dingUserId ?? '—' },
    { title: '状态', dataIndex: 'status', width: 190, render: (_v, r) => <StatusCell item={r} /> },
    {
      title: '发送时间',
      dataIndex: 'sentAt',
      width: 150,
      render: (v: string | null) => (v ? <span className="num">{formatDateTime(v)}</span> : '—'),
    },
    { title: '失败原因（钉钉）', dataIndex: 'lastError', render: (_v, r) => <ReasonCell item={r} /> },
  ];
  return (
    <Drawer
      open={batchId !== undefined}
      onClose={onClose}
      destroyOnHidden
      size={860}
      title={
        d
          ? d.batch.title.includes(kindLabel(d.batch.kind))
            ? d.batch.title
            : `${d.batch.title}（${kindLabel(d.batch.kind)}）`
          : '通知批次'
      }
      extra={
        d && d.summary.resendable > 0 ? (
          <Popconfirm
            title={`重新发送 ${d.summary.resendable} 条失败的通知？`}
            description="只发送失败的；已送达的人不会再收到"
            okText="重发"
            cancelText="取消"
            onConfirm={async () => {
              await onResend(d.batch.id);
              await detail.reload();
            }}
          >
            <Button type="primary" danger data-testid="drawer-resend">
              重发失败（{d.summary.resendable}）
            </Button>
          </Popconfirm>
        ) : null
      }
    >
      <LoadError error={detail.error} what="通知批次" />
      {d && (
        <div data-testid="batch-detail">
          <p>
            {d.batch.projectName ?? '（无项目）'} · 发起人 {d.batch.createdByName ?? '系统'} ·{' '}
            <span className="num">{formatDateTime(d.batch.createdAt)}</span> ·{' '}
            <Tag color={BATCH_STATUS_COLOR[d.batch.status]}>{NOTIFICATION_BATCH_STATUS_LABEL[d.batch.status]}</Tag>
          </p>
          <p>
            共 {d.summary.total} 人：已送达 {d.summary.delivered}（已读 {d.summary.read}）
            {d.summary.sent ? `，已发送待确认 ${d.summary.sent}` : ''}
            {d.summary.queued ? `，排队 ${d.summary.queued}` : ''}，失败 {d.summary.failed}
          </p>
          <Space style={{ marginBottom: 8 }}>
            <Select
              style={{ width: 140 }}
              value={onlyFailed ? 'FAILED' : 'ALL'}
              options={[
                { value: 'ALL', label: '全部接收人' },
                { value: 'FAILED', label: '仅看失败' },
              ]}
              onChange={(v) => {
                setOnlyFailed(v === 'FAILED');
                paging.resetPage();
              }}
            />
          </Space>
        </div>
      )}
      <Table<TNotificationItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={d?.items.rows}
        loading={detail.loading}
        pagination={paging.pagination(d?.items.total)}
        onChange={paging.onChange}
      />
    </Drawer>
  );
}

function BatchesTab() {
  const { message } = App.useApp();
  const paging = usePaging();
  const [projectId, setProjectId] = useState<number>();
  const [kind, setKind] = useState<string>();
  const [status, setStatus] = useState<TNotificationBatchStatus>();
  const [open, setOpen] = useState<number>();
  const { state } = paging;
  const projects = useRequest(() => get<TPage<TProject>>('/api/projects', { pageSize: 200 }), []);
  const list = useRequest(
    () =>
      get<TNotificationBatchPage>('/api/notification-batches', {
        projectId,
        kind,
        status,
        page: state.page,
        pageSize: state.pageSize,
      }),
    [projectId, kind, status, state.page, state.pageSize],
  );
  usePolling(!!list.data?.items.some((b) => b.status === 'SENDING'), list.reload);
  const resend = async (id: number) => {
    try {
      message.success(resendText(await post<TResendResult>(`/api/notification-batches/${id}/resend-failed`)));
    } catch (err) {
      message.error(errorMessage(err));
    }
    await list.reload();
  };
  // the notice stays in view and 操作 at the right edge while the rest scrolls (tables at 1280 wide)
  const columns: ColumnsType<TNotificationBatchRow> = [
    { title: '通知', dataIndex: 'title', width: 220, ellipsis: true, fixed: 'left' },
    {
      title: '发起时间',
      dataIndex: 'createdAt',
      width: 140,
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    { title: '类型', dataIndex: 'kind', width: 110, render: (v: string) => kindLabel(v) },
    { title: '项目', dataIndex: 'projectName', width: 130, render: (v: string | null) => v ?? '—' },
    { title: '发起人', dataIndex: 'createdByName', width: 90, render: (v: string | null) => v ?? '系统' },
    { title: '进度', key: 'progress', width: 250, render: (_v, r) => <BatchProgress row={r} /> },
    {
      title: '状态',
      dataIndex: 'status',
      width: 80,
      render: (v: TNotificationBatchStatus) => (
        <Tag color={BATCH_STATUS_COLOR[v]}>{NOTIFICATION_BATCH_STATUS_LABEL[v]}</Tag>
      ),
    },
    {
      title: '操作',
      key: 'ops',
      width: 170,
      fixed: 'right',
      render: (_v, r) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setOpen(r.id)}>
            {r.counts.failed ? '查看失败' : '查看'}
          </Button>
          {r.counts.resendable > 0 && (
            <Popconfirm
              title={`重新发送 ${r.counts.resendable} 条失败的通知？`}
              description="只发送失败的；已送达的人不会再收到"
              okText="重发"
              cancelText="取消"
              onConfirm={() => resend(r.id)}
            >
              <Button type="link" size="small" danger data-testid={`resend-${r.id}`}>
                重发失败
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
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
            style={{ width: 200 }}
            value={projectId}
            loading={projects.loading}
            options={projects.data?.items.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(v: number | undefined) => {
              setProjectId(v);
              paging.resetPage();
            }}
          />
          <Select
            allowClear
            placeholder="类型"
            style={{ width: 150 }}
            value={kind}
            options={BATCH_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            onChange={(v: string | undefined) => {
              setKind(v);
              paging.resetPage();
            }}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 110 }}
            value={status}
            options={Object.entries(NOTIFICATION_BATCH_STATUS_LABEL).map(([value, label]) => ({ value, label }))}
            onChange={(v: TNotificationBatchStatus | undefined) => {
              setStatus(v);
              paging.resetPage();
            }}
          />
        </div>
        <Tooltip title="发送中的批次每 3 秒自动刷新">
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
            刷新
          </Button>
        </Tooltip>
      </div>
      <LoadError error={list.error} what="通知记录" onRetry={list.reload} />
      <Table<TNotificationBatchRow>
        rowKey="id"
        size="middle"
        scroll={{ x: 1190 }}
        data-testid="batch-table"
        columns={columns}
        dataSource={list.data?.items}
        loading={list.loading && !list.data}
        pagination={paging.pagination(list.data?.total)}
        onChange={paging.onChange}
        locale={{ emptyText: '没有符合条件的通知批次' }}
      />
      <BatchDrawer batchId={open} onClose={() => setOpen(undefined)} onResend={resend} />
    </div>
  );
}

function SingleMessagesTab() {
  const { message } = App.useApp();
  const paging = usePaging();
  const [channel, setChannel] = useState<TNotificationChannel>();
  const [status, setStatus] = useState<TNotificationStatus>();
  const { state } = paging;
  const list = useRequest(
    () => get<TNotificationPage>('/api/notifications', { channel, status, page: state.page, pageSize: state.pageSize }),
    [channel, status, state.page, state.pageSize],
  );
  const columns: ColumnsType<TNotificationItem> = [
    {
      title: '时间',
      dataIndex: 'createdAt',
      width: 140,
      fixed: 'left',
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '渠道',
      dataIndex: 'channel',
      width: 90,
      render: (v: TNotificationChannel) => NOTIFICATION_CHANNEL_LABEL[v],
    },
    { title: '类型', dataIndex: 'kind', width: 150, render: (v: string) => kindLabel(v) },
    { title: '接收方', dataIndex: 'name', width: 160, render: (v: string | null, r) => v ?? r.dingUserId ?? '—' },
    { title: '状态', dataIndex: 'status', width: 190, render: (_v, r) => <StatusCell item={r} /> },
    { title: '失败原因（钉钉）', dataIndex: 'lastError', width: 260, render: (_v, r) => <ReasonCell item={r} /> },
    {
      title: '操作',
      key: 'ops',
      width: 90,
      fixed: 'right',
      render: (_v, r) =>
        r.resendable ? (
          <Popconfirm
            title="重新发送这条消息？"
            okText="重发"
            cancelText="取消"
            onConfirm={async () => {
              try {
                message.success(resendText(await post<TResendResult>(`/api/notifications/${r.id}/resend`)));
              } catch (err) {
                message.error(errorMessage(err));
              }
              await list.reload();
            }}
          >
            <Button type="link" size="small" danger>
              重发
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];
  return (
    <div>
      <div className="toolbar">
        <div className="toolbar-left">
          <Select
            allowClear
            placeholder="渠道"
            style={{ width: 120 }}
            value={channel}
            options={Object.entries(NOTIFICATION_CHANNEL_LABEL).map(([value, label]) => ({ value, label }))}
            onChange={(v: TNotificationChannel | undefined) => {
              setChannel(v);
              paging.resetPage();
            }}
          />
          <Select
            allowClear
            placeholder="状态"
            style={{ width: 110 }}
            value={status}
            options={Object.entries(NOTIFICATION_STATUS_LABEL).map(([value, label]) => ({ value, label }))}
            onChange={(v: TNotificationStatus | undefined) => {
              setStatus(v);
              paging.resetPage();
            }}
          />
        </div>
        <span className="muted">群机器人消息、待办和发给个人的通知（不属于任何批次）</span>
      </div>
      <LoadError error={list.error} what="单条消息" onRetry={list.reload} />
      <Table<TNotificationItem>
        rowKey="id"
        size="middle"
        scroll={{ x: 1080 }}
        columns={columns}
        dataSource={list.data?.items}
        loading={list.loading}
        pagination={paging.pagination(list.data?.total)}
        onChange={paging.onChange}
        locale={{ emptyText: '没有符合条件的消息' }}
      />
    </div>
  );
}

export function NotificationsPage() {
  const { me } = useAuth();
  const admin = hasRole(me, 'SYSTEM_ADMIN', 'BUSINESS_ADMIN');
  if (!admin) return <BatchesTab />;
  return (
    <Tabs
      items={[
        { key: 'batches', label: '通知批次', children: <BatchesTab /> },
        { key: 'single', label: '单条消息', children: <SingleMessagesTab /> },
      ]}
    />
  );
}
