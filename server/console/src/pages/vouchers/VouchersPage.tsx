/**
 * 业务 → 凭证: the vouchers of an accounting entity (城市公司 / 直属项目公司) for a month, generated from the money
 * movements (缴款, 补缴, 退款, 承接, 本金返还, 资金利息, 利润, 代扣税, 退出打款) by the 凭证规则. Filters (entity,
 * period, kind), the balance check of what is listed, each voucher's lines with their 辅助核算 and source record, the
 * 金蝶云星空 / 用友 U8 import files, and 标记已导出 (later movements then go to the next period). Generating,
 * exporting and marking are for the accountants who keep the entity; the business admin reads.
 */
import { CheckCircleOutlined, DownloadOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Drawer, Empty, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { formatMoney } from '../../../../../shared/money';
import { formatDateTime } from '../../../../../shared/datetime';
import {
  VOUCHER_EXPORT_FORMAT_LABEL,
  VOUCHER_MOVEMENT_KIND_LABEL,
  VOUCHER_MOVEMENT_KINDS,
  type TVoucherDetail,
  type TVoucherList,
  type TVoucherMovementKind,
} from '../../../../../shared/api/vouchers';
import { useAuth } from '../../auth';
import { hasRole } from '../../lib/access';
import { download, errorMessage, get, post } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';

interface Entity {
  id: number;
  name: string;
  code: string | null;
  projectCount: number;
  exportedPeriods: string[];
}
type Item = TVoucherList['items'][number];
type Line = TVoucherDetail['lines'][number];

const money = (v: string) => (v === '0.00' ? '' : formatMoney(v));

export function VouchersPage() {
  const { me } = useAuth();
  const { message } = App.useApp();
  const mayWrite = hasRole(me, 'HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT');
  const entities = useRequest(() => get<{ items: Entity[] }>('/api/voucher-entities'), []);
  const [entityId, setEntityId] = useState<number>();
  const [month, setMonth] = useState<Dayjs>(() => dayjs().startOf('month'));
  const [kind, setKind] = useState<TVoucherMovementKind>();
  const [busy, setBusy] = useState<string>();
  const [openId, setOpenId] = useState<number>();
  const period = month.format('YYYY-MM');

  useEffect(() => {
    const first = entities.data?.items[0];
    if (entityId === undefined && first) setEntityId(first.id);
  }, [entities.data, entityId]);

  const base = entityId ? `/api/voucher-entities/${entityId}/periods/${period}` : '';
  const list = useRequest(() => get<TVoucherList>(`${base}/vouchers`, { kind }), [base, kind], { skip: !entityId });
  const detail = useRequest(
    () => get<TVoucherDetail>(`/api/voucher-entities/${entityId}/vouchers/${openId}`),
    [entityId, openId],
    { skip: !openId || !entityId },
  );
  const data = list.data;

  const act = async (what: string, fn: () => Promise<void>) => {
    setBusy(what);
    try {
      await fn();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(undefined);
    }
  };
  const generate = () =>
    act('generate', async () => {
      const r = await post<{ created: number; reversed: number; unchanged: number }>(`${base}/generate`);
      message.success(
        r.created || r.reversed
          ? `已生成 ${r.created} 张凭证${r.reversed ? `（含冲销 ${r.reversed} 张原凭证后的新凭证）` : ''}`
          : '没有新的业务，凭证无变化',
      );
      await list.reload();
    });
  const exportFile = (format: 'kingdee' | 'u8') =>
    act(format, () => download(`${base}/export`, `凭证_${period}.${format === 'u8' ? 'txt' : 'xlsx'}`, { format }));
  const markExported = () =>
    act('mark', async () => {
      await post(`${base}/mark-exported`, { version: data?.periodVersion ?? 0 });
      message.success(`${period} 已标记为已导出，之后的业务将进入下一个期间`);
      await Promise.all([list.reload(), entities.reload()]);
    });

  const columns: ColumnsType<Item> = [
    {
      title: '凭证字号',
      dataIndex: 'label',
      width: 110,
      fixed: 'left',
      render: (v: string, r) => <a onClick={() => setOpenId(r.id)}>{v}</a>,
    },
    { title: '日期', dataIndex: 'date', width: 110 },
    {
      title: '业务类型',
      dataIndex: 'kind',
      width: 130,
      render: (k: TVoucherMovementKind) => VOUCHER_MOVEMENT_KIND_LABEL[k],
    },
    { title: '摘要', dataIndex: 'summary', ellipsis: true },
    { title: '借方金额', dataIndex: 'totalDebit', align: 'right', width: 150, render: money },
    { title: '贷方金额', dataIndex: 'totalCredit', align: 'right', width: 150, render: money },
    {
      title: '状态',
      key: 'state',
      width: 200,
      render: (_, r) => (
        <Space size={4} wrap>
          {r.balanced ? <Tag color="green">平衡</Tag> : <Tag color="red">不平衡</Tag>}
          {r.reversalOf && (
            <Tag color="red">
              冲销 {r.reversalOf.period} {r.reversalOf.label}
            </Tag>
          )}
          {r.reversedBy && (
            <Tag>
              已被 {r.reversedBy.period} {r.reversedBy.label} 冲销
            </Tag>
          )}
        </Space>
      ),
    },
  ];

  const lineColumns: ColumnsType<Line> = [
    { title: '#', dataIndex: 'seq', width: 44 },
    { title: '摘要', dataIndex: 'summary', width: 240 },
    {
      title: '科目',
      key: 'account',
      width: 220,
      render: (_, l) => (
        <span>
          {l.accountCode} {l.accountName}
        </span>
      ),
    },
    { title: '借方', dataIndex: 'debit', align: 'right', width: 130, render: money },
    { title: '贷方', dataIndex: 'credit', align: 'right', width: 130, render: money },
    {
      title: '往来单位/个人',
      key: 'partner',
      width: 140,
      render: (_, l) => (l.partnerName ? `${l.partnerName}${l.partnerCode ? `（${l.partnerCode}）` : ''}` : ''),
    },
    { title: '项目', dataIndex: 'projectName', width: 140, render: (v: string | null) => v ?? '' },
    { title: '来源', dataIndex: 'sourceLabel', width: 130 },
  ];

  const entityOptions = useMemo(
    () => (entities.data?.items ?? []).map((e) => ({ value: e.id, label: `${e.name}（${e.projectCount} 个项目）` })),
    [entities.data],
  );

  if (entities.data && !entities.data.items.length)
    return <Empty description="您没有可查看凭证的核算主体（城市公司 / 直属项目公司的经营会计可见本公司凭证）" />;

  return (
    <div data-testid="vouchers-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <span>核算主体</span>
        <Select
          style={{ width: 260 }}
          value={entityId}
          options={entityOptions}
          loading={entities.loading}
          onChange={setEntityId}
          data-testid="voucher-entity"
        />
        <span>期间</span>
        <DatePicker
          picker="month"
          allowClear={false}
          value={month}
          onChange={(d) => d && setMonth(d.startOf('month'))}
          data-testid="voucher-period"
        />
        <span>业务类型</span>
        <Select
          style={{ width: 160 }}
          allowClear
          placeholder="全部"
          value={kind}
          onChange={setKind}
          options={VOUCHER_MOVEMENT_KINDS.map((k) => ({ value: k, label: VOUCHER_MOVEMENT_KIND_LABEL[k] }))}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void list.reload()}>
          刷新
        </Button>
      </Space>
      <Space wrap style={{ marginBottom: 12 }}>
        {data &&
          (data.exported ? <Tag color="blue">已导出（{formatDateTime(data.exportedAt)}）</Tag> : <Tag>未导出</Tag>)}
        {mayWrite && (
          <Button
            type="primary"
            icon={<ThunderboltOutlined />}
            loading={busy === 'generate'}
            disabled={!entityId || data?.exported}
            onClick={() => void generate()}
          >
            生成凭证
          </Button>
        )}
        {mayWrite &&
          (['kingdee', 'u8'] as const).map((f) => (
            <Button
              key={f}
              icon={<DownloadOutlined />}
              loading={busy === f}
              disabled={!data?.items.length}
              onClick={() => void exportFile(f)}
            >
              导出{VOUCHER_EXPORT_FORMAT_LABEL[f]}
            </Button>
          ))}
        {mayWrite && (
          <Popconfirm
            title={`确认 ${period} 的凭证已导入总账？`}
            description="标记后本期间不再生成凭证，之后到达或变更的业务进入下一个未导出的期间。"
            okText="标记已导出"
            cancelText="取消"
            onConfirm={() => markExported()}
          >
            <Button
              icon={<CheckCircleOutlined />}
              loading={busy === 'mark'}
              disabled={!data || data.exported || !data.items.length}
            >
              标记已导出
            </Button>
          </Popconfirm>
        )}
      </Space>
      {data && data.items.length > 0 && (
        <Alert
          style={{ marginBottom: 12 }}
          type={data.check.balanced ? 'success' : 'error'}
          showIcon
          data-testid="voucher-balance"
          message={
            data.check.balanced
              ? `借贷平衡：共 ${data.check.count} 张凭证，借方合计 ${formatMoney(data.check.totalDebit, { symbol: true })}，贷方合计 ${formatMoney(data.check.totalCredit, { symbol: true })}`
              : `借贷不平衡：${data.check.unbalanced.join('、') || '合计不等'}（借方 ${formatMoney(data.check.totalDebit, { symbol: true })}，贷方 ${formatMoney(data.check.totalCredit, { symbol: true })}）`
          }
          description={
            <Space size={[8, 4]} wrap>
              按业务类型：
              {data.check.byKind.map((k) => (
                <Tag key={k.kind}>
                  {VOUCHER_MOVEMENT_KIND_LABEL[k.kind]} {formatMoney(k.amount, { symbol: true })}
                </Tag>
              ))}
            </Space>
          }
        />
      )}
      <Table<Item>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1100 }}
        locale={{ emptyText: mayWrite ? '本期间还没有凭证：点击「生成凭证」' : '本期间还没有凭证' }}
      />
      <Drawer
        width={1180}
        open={!!openId}
        onClose={() => setOpenId(undefined)}
        title={detail.data ? `凭证 ${detail.data.period} ${detail.data.label}` : '凭证'}
        destroyOnHidden
      >
        {detail.data && (
          <>
            <Typography.Paragraph>
              日期 {detail.data.date} · {VOUCHER_MOVEMENT_KIND_LABEL[detail.data.kind]} · {detail.data.summary}
              {detail.data.reversalOf && (
                <Tag color="red" style={{ marginInlineStart: 8 }}>
                  红字冲销 {detail.data.reversalOf.period} {detail.data.reversalOf.label}
                </Tag>
              )}
            </Typography.Paragraph>
            <Table<Line>
              rowKey="seq"
              size="small"
              pagination={false}
              columns={lineColumns}
              dataSource={detail.data.lines}
              scroll={{ x: 1100 }}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0} colSpan={3}>
                    合计
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    {money(detail.data!.totalDebit)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={4} align="right">
                    {money(detail.data!.totalCredit)}
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={5} colSpan={3}>
                    {detail.data!.balanced ? <Tag color="green">借贷平衡</Tag> : <Tag color="red">借贷不平衡</Tag>}
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </>
        )}
      </Drawer>
    </div>
  );
}
