/**
 * 辅助工具: the three exports. Each runs in the background (a job); the page polls its progress while one runs and
 * offers the file for download once it is ready (kept 24 hours). Rows cover the caller's granted projects.
 */
import { DownloadOutlined, FileExcelOutlined } from '@ant-design/icons';
import { App, Button, Card, Progress, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import {
  EXPORT_KEEP_HOURS,
  EXPORT_KIND_LABEL,
  EXPORT_KINDS,
  type TExportFile,
  type TExportFileList,
  type TExportKind,
} from '../../../../shared/api/exports';
import { formatDateTime } from '../../../../shared/datetime';
import { formatDecimal } from '../../../../shared/money';
import { LoadError } from '../components/table';
import { download, errorMessage, get, post } from '../lib/api';
import { useRequest } from '../lib/useRequest';

const DESCRIPTION: Record<TExportKind, string> = {
  PARTNER_HOLDINGS:
    '每位合伙人在每个项目、每个层级一行：认缴、累计缴款、退款、返还本金、实缴余额、未缴，首末缴款日，已发放的资金利息、利润、代扣税与实发合计（取自资金台账与分配发放）。',
  PAYMENTS:
    '每笔应缴（认购缴款、补缴、退款）一行：金额、已缴、未缴、截止日、状态、通知时间，以及每次到账的日期与金额。',
  PROJECT_KPIS:
    '每个项目一行：立项与动态的销售收入、总成本、净利润、净利率、IRR、回正周期，资金峰值，合伙人认缴、实缴与已分配。',
};

const STATUS_COLOR: Record<TExportFile['status'], string> = {
  QUEUED: 'default',
  RUNNING: 'processing',
  DONE: 'success',
  FAILED: 'error',
  EXPIRED: 'default',
};

const size = (b: number | null) =>
  b === null ? '' : b < 1024 * 1024 ? `${Math.ceil(b / 1024)} KB` : `${formatDecimal(b / 1048576, 1)} MB`;

export function ToolsPage() {
  const { message } = App.useApp();
  const list = useRequest(() => get<TExportFileList>('/api/exports'), []);
  const [starting, setStarting] = useState<TExportKind | null>(null);
  const running = (list.data?.items ?? []).some((f) => f.status === 'QUEUED' || f.status === 'RUNNING');
  const reload = list.reload;

  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => void reload(), 1000);
    return () => window.clearInterval(timer);
  }, [running, reload]);

  const start = async (kind: TExportKind) => {
    setStarting(kind);
    try {
      await post<TExportFile>('/api/exports', { kind });
      message.success(`已开始生成「${EXPORT_KIND_LABEL[kind]}」，完成后可在下方下载`);
      await reload();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setStarting(null);
    }
  };

  const columns: ColumnsType<TExportFile> = [
    { title: '导出内容', dataIndex: 'kindLabel', width: 200 },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (_v, f) => <Tag color={STATUS_COLOR[f.status]}>{f.statusLabel}</Tag>,
    },
    {
      title: '进度',
      key: 'progress',
      width: 280,
      render: (_v, f) =>
        f.status === 'FAILED' ? (
          <Typography.Text type="danger">{f.error}</Typography.Text>
        ) : (
          <div data-testid={`export-progress-${f.id}`}>
            <Progress
              percent={f.percent}
              size="small"
              status={f.status === 'RUNNING' || f.status === 'QUEUED' ? 'active' : undefined}
            />
            <span className="muted num">
              {f.rowsTotal === null
                ? '统计行数…'
                : `${f.rowsDone.toLocaleString()} / ${f.rowsTotal.toLocaleString()} 行`}
            </span>
          </div>
        ),
    },
    {
      title: '发起时间',
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '保留至',
      dataIndex: 'expiresAt',
      width: 150,
      render: (v: string | null) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '文件',
      key: 'file',
      render: (_v, f) =>
        f.status === 'DONE' ? (
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            aria-label={`下载 ${f.fileName}`}
            onClick={() =>
              void download(`/api/exports/${f.id}/file`, f.fileName).catch((e: unknown) =>
                message.error(errorMessage(e)),
              )
            }
          >
            {f.fileName} <span className="muted">{size(f.sizeBytes)}</span>
          </Button>
        ) : null,
    },
  ];

  return (
    <div>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 16, marginBottom: 16 }}>
        {EXPORT_KINDS.map((kind) => (
          <Card
            key={kind}
            size="small"
            title={
              <span>
                <FileExcelOutlined style={{ color: '#1d6f42', marginRight: 8 }} />
                {EXPORT_KIND_LABEL[kind]}
              </span>
            }
          >
            <Typography.Paragraph type="secondary" style={{ minHeight: 66 }}>
              {DESCRIPTION[kind]}
            </Typography.Paragraph>
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              loading={starting === kind}
              onClick={() => void start(kind)}
              data-testid={`export-${kind}`}
            >
              导出
            </Button>
          </Card>
        ))}
      </div>
      <Card
        size="small"
        title="我的导出"
        extra={<span className="muted">范围为您有权限的项目；文件保留 {EXPORT_KEEP_HOURS} 小时</span>}
      >
        <LoadError error={list.error} what="导出记录" onRetry={list.reload} />
        {!list.error && (
          <Table
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.loading && !list.data}
            pagination={false}
            locale={{ emptyText: '还没有导出过文件' }}
          />
        )}
      </Card>
    </div>
  );
}
