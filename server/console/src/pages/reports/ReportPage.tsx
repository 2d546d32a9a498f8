/**
 * One report (报表): the org tree's pick (a unit and everything below it, or a project) and a period filter the rows;
 * the server sorts, pages and totals (the totals row covers the whole filtered set); 导出 Excel downloads exactly what
 * is shown across all pages. Key columns stay pinned while the rest scrolls, so it reads at 1280 wide.
 */
import { DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { formatMoney, formatRatio } from '../../../../../shared/money';
import {
  REPORTS,
  type ReportColumn,
  type TReportKind,
  type TReportPage,
  type TReportRow,
} from '../../../../../shared/api/reports';
import { LoadError, usePaging } from '../../components/table';
import { download, errorMessage, get, type Query } from '../../lib/api';
import { navigate } from '../../lib/router';
import { useRequest } from '../../lib/useRequest';
import { useWorkspace } from '../../workspace';

/** A cell as people read it: ¥1,234.00, 3.91%, 1.2500×, a day, a count, text (— when empty). */
export function cellText(c: Pick<ReportColumn, 'type'>, v: TReportRow[string] | undefined): string {
  if (v === null || v === undefined || v === '') return '—';
  switch (c.type) {
    case 'money':
      return formatMoney(String(v));
    case 'ratio':
      return formatRatio(String(v), 3);
    case 'multiple':
      return `${String(v)}×`;
    default:
      return String(v);
  }
}

const NUMERIC = new Set(['money', 'ratio', 'multiple', 'int']);

export function ReportPage({ kind }: { kind: TReportKind }) {
  const def = REPORTS[kind];
  const { message } = App.useApp();
  const { selection } = useWorkspace();
  const paging = usePaging({
    sort: def.defaultSort.key,
    order: def.defaultSort.order === 'descend' ? 'desc' : 'asc',
  });
  const [period, setPeriod] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [exporting, setExporting] = useState(false);
  const filters = useMemo<Query>(
    () => ({
      orgUnitId: selection?.kind === 'org' ? selection.id : undefined,
      projectId: selection?.kind === 'project' ? selection.id : undefined,
      from: period?.[0]?.format('YYYY-MM-DD'),
      to: period?.[1]?.format('YYYY-MM-DD'),
    }),
    [selection, period],
  );
  const { resetPage } = paging;
  useEffect(() => resetPage(), [filters, resetPage]);
  const sortQuery: Query = {
    sort: paging.state.sort,
    order: paging.state.order === 'desc' ? 'descend' : paging.state.order === 'asc' ? 'ascend' : undefined,
  };
  const req = useRequest(
    () =>
      get<TReportPage>(`/api/reports/${kind}`, {
        ...filters,
        ...sortQuery,
        page: paging.state.page,
        pageSize: paging.state.pageSize,
      }),
    [kind, filters, paging.state],
  );
  const data = req.data;

  const columns: ColumnsType<TReportRow> = def.columns.map((c) => ({
    key: c.key,
    dataIndex: c.key,
    title: c.title,
    width: c.width,
    fixed: c.fixed ? ('left' as const) : undefined,
    align: NUMERIC.has(c.type) ? ('right' as const) : undefined,
    ellipsis: c.key === 'detail' ? true : undefined,
    sorter: !c.noSort,
    sortOrder: paging.sortOrderOf(c.key),
    render: (v: TReportRow[string]) =>
      c.key === 'stage' || c.key === 'kindLabel' ? (
        <Tag color={c.key === 'kindLabel' ? 'volcano' : 'blue'}>{cellText(c, v)}</Tag>
      ) : NUMERIC.has(c.type) ? (
        <span className="money">{cellText(c, v)}</span>
      ) : (
        cellText(c, v)
      ),
  }));
  if (kind === 'work')
    columns.push({
      key: 'action',
      title: '操作',
      width: 80,
      fixed: 'right',
      render: (_: unknown, r: TReportRow) => (
        <Button
          type="link"
          size="small"
          data-testid="work-open"
          onClick={() => {
            const [route, qs] = String(r.link).split('?');
            navigate(route!, { query: Object.fromEntries(new URLSearchParams(qs ?? '')) });
          }}
        >
          办理
        </Button>
      ),
    });
  const width = columns.reduce((s, c) => s + Number(c.width ?? 100), 0);

  return (
    <div data-testid={`report-${kind}`}>
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Text type="secondary">
            {selection ? `范围：${selection.path.slice(-2).join(' / ')}` : '范围：有权限的全部项目'}
          </Typography.Text>
          <DatePicker.RangePicker
            allowEmpty={[true, true]}
            value={period ?? undefined}
            onChange={(v) => setPeriod(v ? [v[0], v[1]] : null)}
            placeholder={['期间开始', '截止日期（默认今天）']}
            data-testid="report-period"
          />
        </Space>
        <Space>
          {data && <Typography.Text type="secondary">数据截至 {data.asOf}</Typography.Text>}
          <Button icon={<ReloadOutlined />} onClick={() => void req.reload()}>
            刷新
          </Button>
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            loading={exporting}
            data-testid="report-export"
            onClick={async () => {
              setExporting(true);
              try {
                await download(`/api/reports/${kind}/export`, `${def.title}.xlsx`, { ...filters, ...sortQuery });
              } catch (err) {
                message.error(errorMessage(err));
              } finally {
                setExporting(false);
              }
            }}
          >
            导出 Excel
          </Button>
        </Space>
      </Space>
      <LoadError error={req.error} what={def.title} onRetry={req.reload} />
      {!req.error && (
        <Table<TReportRow>
          rowKey={(r) => String(r.key)}
          size="small"
          bordered
          loading={req.loading}
          columns={columns}
          dataSource={req.error ? [] : (data?.rows ?? [])}
          scroll={{ x: width }}
          pagination={paging.pagination(data?.total)}
          onChange={paging.onChange}
          locale={{ emptyText: kind === 'work' ? '没有等待处理的事项' : '没有符合条件的数据' }}
          summary={() =>
            data && data.total > 0 ? (
              <Table.Summary fixed="bottom">
                <Table.Summary.Row className="report-totals" data-testid="report-totals">
                  {columns.map((c, i) => {
                    const col = def.columns.find((x) => x.key === c.key);
                    const v = data.totals[String(c.key)];
                    return (
                      <Table.Summary.Cell
                        key={String(c.key)}
                        index={i}
                        align={col && NUMERIC.has(col.type) ? 'right' : undefined}
                      >
                        <strong className={col && NUMERIC.has(col.type) ? 'money' : undefined}>
                          {v === undefined || !col ? '' : cellText(col, v)}
                        </strong>
                      </Table.Summary.Cell>
                    );
                  })}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      )}
    </div>
  );
}
