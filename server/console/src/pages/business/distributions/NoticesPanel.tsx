/**
 * 分配通知 (quick guide 7.2.9, 8.1.7): who was told what and when — each partner line with a payout and the notice the
 * outbox holds for it (sent on the distribution day once the flow has completed), its text and delivery state.
 */
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import {
  NOTICE_DELIVERY_LABEL,
  type TBatchDetail,
  type TBatchNoticeRow,
} from '../../../../../../shared/api/distributions';
import { LEVEL_LABEL } from '../../../../../../shared/api/labels';
import { formatDateTime } from '../../../../../../shared/datetime';
import { LoadError, Money } from '../../../components/table';
import { get } from '../../../lib/api';
import { useRequest } from '../../../lib/useRequest';
import { MarkTags } from './shared';

const DELIVERY_COLOR: Record<TBatchNoticeRow['delivery'], string> = {
  NOT_SENT: 'default',
  PENDING: 'processing',
  SENT: 'blue',
  DELIVERED: 'green',
  FAILED: 'red',
  CANCELLED: 'default',
};

/** The card's markdown as plain lines (a heading's ### and a bold line's ** dropped; a masked 6222 **** 1234 kept). */
const plain = (md: string) =>
  md
    .split(/\n+/)
    .map((l) =>
      l
        .replace(/^#+\s*/, '')
        .replace(/^\*\*(.*)\*\*$/, '$1')
        .trim(),
    )
    .filter(Boolean);

export function NoticesPanel({ projectId, batch }: { projectId: number; batch: TBatchDetail }) {
  const list = useRequest(
    () => get<TBatchNoticeRow[]>(`/api/projects/${projectId}/distributions/${batch.id}/notices`),
    [projectId, batch.id, batch.status],
  );
  const rows = list.data ?? [];
  const sent = rows.filter((r) => r.delivery !== 'NOT_SENT').length;
  const columns: ColumnsType<TBatchNoticeRow> = [
    {
      title: '序号',
      dataIndex: 'seq',
      width: 56,
      align: 'center',
      render: (v: number) => <span className="num">{v}</span>,
    },
    {
      title: '合伙人',
      key: 'name',
      width: 110,
      render: (_v, r) => (
        <span>
          {r.name}
          <MarkTags marks={r.marks} />
        </span>
      ),
    },
    { title: '层级', dataIndex: 'level', width: 80, render: (v: TBatchNoticeRow['level']) => LEVEL_LABEL[v] },
    { title: '实发合计', dataIndex: 'payout', width: 130, align: 'right', render: (v: string) => <Money value={v} /> },
    {
      title: '通知内容',
      key: 'text',
      width: 320,
      render: (_v, r) =>
        r.text ? (
          <div className="dist-notice-text">
            {plain(r.text)
              .slice(1)
              .map((l, i) => (
                <span key={i}>{l}</span>
              ))}
          </div>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      title: '状态',
      key: 'delivery',
      width: 90,
      render: (_v, r) => (
        <Tooltip title={r.lastError ?? (r.outcome === 'read' ? '已读' : r.outcome === 'unread' ? '未读' : null)}>
          <Tag color={DELIVERY_COLOR[r.delivery]} style={{ marginInlineEnd: 0 }}>
            {NOTICE_DELIVERY_LABEL[r.delivery]}
          </Tag>
        </Tooltip>
      ),
    },
    {
      title: '发送时间',
      key: 'at',
      width: 150,
      render: (_v, r) => (
        <span className="num">{r.sentAt ? formatDateTime(r.sentAt) : formatDateTime(r.writtenAt, '')}</span>
      ),
    },
  ];
  return (
    <div data-testid="notices-panel">
      <div className="toolbar">
        <div className="toolbar-left muted">
          分配通知在流程通过后、分配日（{batch.date}）当天自动发送给有分配款的合伙人（平台公司不发）。已发送 {sent} /{' '}
          {rows.length} 人。
        </div>
        <div className="toolbar-right">
          <Button icon={<ReloadOutlined />} aria-label="刷新分配通知" onClick={() => void list.reload()} />
        </div>
      </div>
      <LoadError error={list.error} what="分配通知" onRetry={list.reload} />
      <Table<TBatchNoticeRow>
        className="biz-table"
        rowKey="lineId"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={list.loading && !list.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="notices-table"
        locale={{ emptyText: batch.lines.length ? '本批次没有需要通知的合伙人' : '尚未测算' }}
      />
    </div>
  );
}
