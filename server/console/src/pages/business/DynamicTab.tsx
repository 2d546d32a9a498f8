/**
 * 披露 / 盈亏动态 (quick guide 6.2.1 盈亏维护): the 动态 values of every 盈利指标 field and the key milestones' actual
 * dates per reporting period (a quarter, 2026Q4), each period kept; the comparison with 立项 (差异 and 差异率), the
 * milestones against their plan, the chart of 立项 vs 动态 over the periods (loaded on demand) and each period's
 * 修改记录 (every save is audited).
 */
import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Segmented,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import {
  INDICATOR_FIELDS,
  INDICATOR_META,
  PERIOD_RE,
  ZDynamicSave,
  type TComparisonRow,
  type TDynamicHistory,
  type TDynamicOverview,
  type TDynamicPeriod,
  type TIndicatorField,
  type TMilestoneComparison,
} from '../../../../../shared/api/disclosure';
import { formatDateTime } from '../../../../../shared/datetime';
import { formatMoney } from '../../../../../shared/money';
import { LoadError, notReady } from '../../components/table';
import { get, put } from '../../lib/api';
import { parseWith } from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';
import { clearErrors, handleSaveError, MoneyInput } from './common';
import type { ChartPoint } from './DynamicChart';

// @ant-design/plots is large: its module loads when the chart is first shown, not with the console
const DynamicChart = lazy(() => import('./DynamicChart'));

/** 2026Q4 → the next quarter, for a new period's default. */
function nextPeriod(last: string | undefined): string {
  const now = dayjs();
  const m = last ? PERIOD_RE.exec(last) : null;
  if (!m) return `${now.year()}Q${Math.floor(now.month() / 3) + 1}`;
  const q = Number(m[2]);
  return q === 4 ? `${Number(m[1]) + 1}Q1` : `${m[1]}Q${q + 1}`;
}

export function formatIndicator(unit: TComparisonRow['unit'], v: string | null): string {
  if (v === null) return '—';
  if (unit === 'money') return formatMoney(v);
  if (unit === 'percent') return `${v}%`;
  return `${v} 个月`;
}

/** 差异 with its sign and colour: more profit is good, more cost or a later payback is not. */
export function DiffCell({ row }: { row: TComparisonRow }) {
  if (row.diff === null) return <span className="muted">—</span>;
  const negative = row.diff.startsWith('-');
  const zero = /^-?0(\.0+)?$/.test(row.diff);
  const good = row.field === 'totalCost' || row.field === 'paybackMonths' ? negative : !negative;
  const sign = negative || zero ? '' : '+';
  const text =
    row.unit === 'money'
      ? `${sign}${formatMoney(row.diff)}`
      : row.unit === 'percent'
        ? `${sign}${row.diff} 个百分点`
        : `${sign}${row.diff} 个月`;
  return <span style={{ color: zero ? undefined : good ? '#00b365' : '#ff5219', whiteSpace: 'nowrap' }}>{text}</span>;
}

export const comparisonColumns: ColumnsType<TComparisonRow> = [
  { title: '指标', dataIndex: 'label', width: 180 },
  {
    title: '立项',
    align: 'right',
    render: (_v, r) => <span className="num">{formatIndicator(r.unit, r.approval)}</span>,
  },
  {
    title: '动态',
    align: 'right',
    render: (_v, r) => <span className="num">{formatIndicator(r.unit, r.dynamic)}</span>,
  },
  { title: '差异（动态 − 立项）', align: 'right', render: (_v, r) => <DiffCell row={r} /> },
  {
    title: '差异率',
    align: 'right',
    width: 110,
    render: (_v, r) => <span className="num">{r.diffPct === null ? '—' : `${r.diffPct}%`}</span>,
  },
];

export const milestoneColumns: ColumnsType<TMilestoneComparison> = [
  { title: '关键节点', dataIndex: 'label', width: 180 },
  { title: '计划日期', dataIndex: 'plannedOn', render: (v: string) => <span className="num">{v}</span> },
  {
    title: '实际日期',
    dataIndex: 'actualOn',
    render: (v: string | null) => (v ? <span className="num">{v}</span> : <span className="muted">未完成</span>),
  },
  {
    title: '偏差',
    align: 'right',
    render: (_v, m) =>
      m.delayDays === null ? (
        <span className="muted">—</span>
      ) : m.delayDays === 0 ? (
        <Tag color="green">按计划</Tag>
      ) : m.delayDays > 0 ? (
        <Tag color="orange">晚 {m.delayDays} 天</Tag>
      ) : (
        <Tag color="green">早 {-m.delayDays} 天</Tag>
      ),
  },
];

export function DynamicTab({ projectId, editable }: { projectId: number; editable: boolean }) {
  const overview = useRequest(
    () => get<TDynamicOverview>(`/api/projects/${projectId}/dynamic-indicators`),
    [projectId],
  );
  const periods = useMemo(() => overview.data?.periods ?? [], [overview.data]);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<TDynamicPeriod | 'new' | null>(null);
  const [history, setHistory] = useState<string | null>(null);
  const [metric, setMetric] = useState<TIndicatorField>('netProfit');
  useEffect(() => {
    if (!periods.length) setSelected(null);
    else if (!selected || !periods.some((p) => p.period === selected)) setSelected(periods[periods.length - 1]!.period);
  }, [periods, selected]);
  const current = periods.find((p) => p.period === selected) ?? null;

  const points: ChartPoint[] = useMemo(
    () =>
      periods.flatMap((p) => {
        const row = p.comparison.find((r) => r.field === metric)!;
        return [
          ...(row.approval !== null ? [{ period: p.period, series: '立项' as const, value: row.approval }] : []),
          ...(row.dynamic !== null ? [{ period: p.period, series: '动态' as const, value: row.dynamic }] : []),
        ];
      }),
    [periods, metric],
  );

  const columns: ColumnsType<TDynamicPeriod> = [
    {
      title: '报告期',
      dataIndex: 'period',
      render: (v: string, p) => (
        <span>
          <span className="num">{v}</span> <span className="muted">{p.periodLabel}</span>
        </span>
      ),
    },
    ...(['netProfit', 'irr'] as const).map((field) => ({
      title: `${INDICATOR_META[field].label}（动态 / 差异）`,
      key: field,
      align: 'right' as const,
      render: (_v: unknown, p: TDynamicPeriod) => {
        const r = p.comparison.find((x) => x.field === field)!;
        return (
          <span className="num">
            {formatIndicator(r.unit, r.dynamic)} <DiffCell row={r} />
          </span>
        );
      },
    })),
    { title: '更新人', dataIndex: 'updatedBy', width: 140 },
    {
      title: '更新时间',
      dataIndex: 'updatedAt',
      width: 150,
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '操作',
      key: 'ops',
      width: 200,
      render: (_v, p) => (
        <Space size={0}>
          {editable && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(p)}>
              修改
            </Button>
          )}
          <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(p.period)}>
            修改记录
          </Button>
        </Space>
      ),
    },
  ];

  const waiting = notReady(overview, '盈亏动态');
  if (waiting) return waiting;
  return (
    <div data-testid="dynamic-tab">
      <LoadError error={overview.error} what="盈亏动态" onRetry={overview.reload} />
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        title="盈亏动态按季度维护（如 2026Q4）：每个报告期单独保存、保留历史，与【立项】中的盈利指标和关键节点计划日期对比；最新一期同时更新关键节点的实际日期。"
      />
      {!overview.data?.approval && overview.data && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="该项目尚未填写立项盈利指标（【立项】→ 盈利指标），差异无法计算。"
        />
      )}
      <Space style={{ marginBottom: 12 }}>
        {editable && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="dynamic-new">
            新增报告期
          </Button>
        )}
      </Space>
      <Table
        className="biz-table"
        size="small"
        rowKey="period"
        loading={overview.loading}
        dataSource={[...periods].reverse()}
        columns={columns}
        pagination={false}
        data-testid="dynamic-periods"
        locale={{ emptyText: <Empty description="尚无盈亏动态，请新增报告期" /> }}
        rowClassName={(p) => (p.period === selected ? 'ant-table-row-selected' : '')}
        onRow={(p) => ({ onClick: () => setSelected(p.period), style: { cursor: 'pointer' } })}
      />
      {current && (
        <Row gutter={16} style={{ marginTop: 16 }}>
          <Col span={24}>
            <Card
              size="small"
              title={`${current.periodLabel}（${current.period}）· 立项对比`}
              data-testid="dynamic-comparison"
            >
              <Table
                size="small"
                rowKey="field"
                pagination={false}
                dataSource={current.comparison}
                columns={comparisonColumns}
              />
              {current.milestones.length > 0 && (
                <Table
                  style={{ marginTop: 12 }}
                  size="small"
                  rowKey="kind"
                  pagination={false}
                  dataSource={current.milestones}
                  columns={milestoneColumns}
                  data-testid="dynamic-milestones"
                />
              )}
              {current.note && (
                <Typography.Paragraph className="muted" style={{ marginTop: 8, marginBottom: 0 }}>
                  说明：{current.note}
                </Typography.Paragraph>
              )}
            </Card>
          </Col>
          <Col span={24} style={{ marginTop: 16 }}>
            <Card size="small" title="立项 vs 动态" data-testid="dynamic-chart">
              <Segmented<TIndicatorField>
                size="small"
                style={{ marginBottom: 8 }}
                value={metric}
                onChange={setMetric}
                options={INDICATOR_FIELDS.map((f) => ({
                  value: f,
                  label: INDICATOR_META[f].label.replace('（月）', ''),
                }))}
              />
              {points.length ? (
                <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
                  <DynamicChart
                    points={points}
                    unit={INDICATOR_META[metric].unit}
                    label={INDICATOR_META[metric].label}
                  />
                </Suspense>
              ) : (
                <Empty description={`尚无${INDICATOR_META[metric].label}的数据`} />
              )}
            </Card>
          </Col>
        </Row>
      )}
      {editing && overview.data && (
        <PeriodModal
          projectId={projectId}
          overview={overview.data}
          period={editing === 'new' ? null : editing}
          defaultPeriod={nextPeriod(periods[periods.length - 1]?.period)}
          onClose={() => setEditing(null)}
          onSaved={async (period) => {
            setEditing(null);
            await overview.reload();
            setSelected(period);
          }}
          reload={overview.reload}
        />
      )}
      {history && <HistoryModal projectId={projectId} period={history} onClose={() => setHistory(null)} />}
    </div>
  );
}

interface PeriodForm {
  period?: string;
  salesRevenue?: string | null;
  totalCost?: string | null;
  netProfit?: string | null;
  netMargin?: string | null;
  irr?: string | null;
  paybackMonths?: number | null;
  note?: string;
  milestones?: Record<string, Dayjs | null | undefined>;
}

function PeriodModal({
  projectId,
  overview,
  period,
  defaultPeriod,
  onClose,
  onSaved,
  reload,
}: {
  projectId: number;
  overview: TDynamicOverview;
  period: TDynamicPeriod | null;
  defaultPeriod: string;
  onClose: () => void;
  onSaved: (period: string) => Promise<void>;
  reload: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PeriodForm>();
  const [busy, setBusy] = useState(false);
  const latest = overview.periods[overview.periods.length - 1];
  useEffect(() => {
    // a new quarter starts from the latest one's figures (what changed is then typed over)
    const from = period ?? latest;
    form.setFieldsValue({
      period: period?.period ?? defaultPeriod,
      ...(from ? from.values : {}),
      note: period?.note ?? '',
      milestones: Object.fromEntries(
        overview.plannedMilestones.map((m) => {
          const actual = from?.milestones.find((x) => x.kind === m.kind)?.actualOn;
          return [m.kind, actual ? dayjs(actual) : null];
        }),
      ),
    });
  }, [form, period, latest, defaultPeriod, overview.plannedMilestones]);

  const save = async () => {
    clearErrors(form);
    const v = form.getFieldsValue(true) as PeriodForm;
    const target = (v.period ?? '').trim().toUpperCase();
    if (!PERIOD_RE.test(target)) {
      form.setFields([{ name: 'period', errors: ['报告期格式应为 2026Q4（年份 + 季度）'] }]);
      return;
    }
    if (!period && overview.periods.some((p) => p.period === target)) {
      form.setFields([{ name: 'period', errors: ['该报告期已存在，请在列表中点【修改】'] }]);
      return;
    }
    const body = parseWith(form, ZDynamicSave, {
      salesRevenue: v.salesRevenue || null,
      totalCost: v.totalCost || null,
      netProfit: v.netProfit || null,
      netMargin: v.netMargin || null,
      irr: v.irr || null,
      paybackMonths: v.paybackMonths ?? null,
      note: v.note?.trim() || null,
      milestones: overview.plannedMilestones.map((m) => ({
        kind: m.kind,
        actualOn: v.milestones?.[m.kind] ? v.milestones[m.kind]!.format('YYYY-MM-DD') : null,
      })),
      version: period?.version ?? 0,
    });
    if (!body) return;
    setBusy(true);
    try {
      await put(`/api/projects/${projectId}/dynamic-indicators/${target}`, body);
      message.success(`${target} 盈亏动态已保存`);
      await onSaved(target);
    } catch (err) {
      await handleSaveError(err, {
        form,
        fields: ['period', ...INDICATOR_FIELDS, 'note'],
        message,
        reload: async () => {
          await reload();
          onClose();
        },
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={760}
      title={period ? `修改盈亏动态 · ${period.periodLabel}` : '新增报告期 · 盈亏动态'}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="dynamic-form">
        <Form.Item name="period" label="报告期（季度）" extra="如 2026Q4" style={{ maxWidth: 240 }}>
          <Input disabled={!!period} aria-label="报告期" placeholder="2026Q4" />
        </Form.Item>
        <Row gutter={16}>
          {(['salesRevenue', 'totalCost', 'netProfit'] as const).map((f) => (
            <Col span={8} key={f}>
              <Form.Item
                name={f}
                label={`${INDICATOR_META[f].label}（元）`}
                extra={`立项 ${formatIndicator('money', overview.approval?.[f] ?? null)}`}
              >
                <MoneyInput min="-9999999999999999" aria-label={INDICATOR_META[f].label} />
              </Form.Item>
            </Col>
          ))}
          {(['netMargin', 'irr'] as const).map((f) => (
            <Col span={8} key={f}>
              <Form.Item
                name={f}
                label={`${INDICATOR_META[f].label}（%）`}
                extra={`立项 ${formatIndicator('percent', overview.approval?.[f] ?? null)}`}
              >
                <InputNumber<string>
                  stringMode
                  controls={false}
                  suffix="%"
                  style={{ width: '100%' }}
                  aria-label={INDICATOR_META[f].label}
                />
              </Form.Item>
            </Col>
          ))}
          <Col span={8}>
            <Form.Item
              name="paybackMonths"
              label={INDICATOR_META.paybackMonths.label}
              extra={`立项 ${formatIndicator('months', overview.approval?.paybackMonths?.toString() ?? null)}`}
            >
              <InputNumber min={0} max={600} precision={0} style={{ width: '100%' }} aria-label="现金流回正周期" />
            </Form.Item>
          </Col>
        </Row>
        {overview.plannedMilestones.length > 0 ? (
          <Row gutter={16}>
            {overview.plannedMilestones.map((m) => (
              <Col span={8} key={m.kind}>
                <Form.Item name={['milestones', m.kind]} label={`${m.label}实际日期`} extra={`计划 ${m.plannedOn}`}>
                  <DatePicker style={{ width: '100%' }} aria-label={`${m.label}实际日期`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        ) : (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title="立项中没有关键节点计划日期，实际日期无从对比。"
          />
        )}
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={500} aria-label="说明" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HistoryModal({ projectId, period, onClose }: { projectId: number; period: string; onClose: () => void }) {
  const h = useRequest(
    () => get<TDynamicHistory>(`/api/projects/${projectId}/dynamic-indicators/${period}/history`),
    [projectId, period],
  );
  return (
    <Modal open width={720} title={`修改记录 · ${period}`} footer={null} onCancel={onClose} destroyOnHidden>
      <LoadError error={h.error} what="修改记录" onRetry={h.reload} />
      <Table
        size="small"
        rowKey="at"
        loading={h.loading}
        pagination={false}
        dataSource={h.data ?? []}
        data-testid="dynamic-history"
        columns={[
          {
            title: '时间',
            dataIndex: 'at',
            width: 150,
            render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
          },
          { title: '操作人', dataIndex: 'actorName', width: 140 },
          {
            title: '变更',
            render: (_v, r) =>
              r.action === 'create' ? (
                '新增报告期'
              ) : r.changes.length ? (
                <div>
                  {r.changes.map((c) => (
                    <div key={c.field}>
                      {c.label}：<span className="num">{c.before}</span> → <span className="num">{c.after}</span>
                    </div>
                  ))}
                </div>
              ) : (
                <span className="muted">未改变数值</span>
              ),
          },
        ]}
      />
    </Modal>
  );
}
