/**
 * 累计投资: every round and every 立项调整 of the picked project, read from the capital ledger — per level the cap,
 * what partners and the 平台公司 hold, paid-in, unpaid and refunds owed (a totals row that must equal the level sum),
 * the per-level bars (the same chart as 认购明细 / 测算), one line per holder, and a holder's ledger entries on demand.
 */
import { HistoryOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Drawer, Empty, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { formatDateTime } from '../../../../../shared/datetime';
import { dec, formatMoney, sumMoney } from '../../../../../shared/money';
import { LoadError, Money, notReady } from '../../components/table';
import { get } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';
import type { TAgreementList } from '../../../../../shared/api/agreements';
import { AgreementStateTag } from './AgreementsPanel';
import { Figure, PartnerMarks } from './common';
import { LevelBars } from './LevelChart';
import { CAPITAL_ENTRY_KIND_LABEL, LEVEL_LABEL } from '../../../../../shared/api/labels';
import type {
  TCapitalEntry,
  TCapitalEntryPage,
  TCapitalHolding as TCapitalHolderLine,
  TCapitalLevel,
  TCapitalOverview,
} from '../../../../../shared/api/capital';

const signed = (v: string) => {
  const d = dec(v);
  if (d.isZero()) return <span className="muted">—</span>;
  return <span className={`money${d.isNegative() ? ' biz-neg' : ''}`}>{formatMoney(v)}</span>;
};

export function CapitalTab({ projectId }: { projectId: number }) {
  const overview = useRequest(() => get<TCapitalOverview>(`/api/projects/${projectId}/capital`), [projectId]);
  // 协议状态 of each partner (the project's documents, every round)
  const agreements = useRequest(() => get<TAgreementList>(`/api/projects/${projectId}/agreements`), [projectId]);
  const agreementOf = new Map((agreements.data?.partners ?? []).map((p) => [p.userId, p]));
  const [holder, setHolder] = useState<TCapitalHolderLine | null>(null);
  const data = overview.data;
  const levels = data?.levels ?? [];
  const holders = data?.holdings ?? [];
  const roundTitle = new Map((data?.rounds ?? []).map((r) => [r.seq, r.title]));
  const sum = (pick: (l: TCapitalLevel) => string) => sumMoney(levels.map(pick));
  const totals = data?.totals;
  // the totals row the BFF answers must be the sum of the levels, to the cent
  const mismatch =
    !!totals &&
    (['cap', 'partnersCommitted', 'platformCommitted', 'paidIn', 'unpaid', 'refundsOwed'] as const).filter(
      (k) => !sum((l) => l[k]).equals(dec(totals[k])),
    );

  if (data && !holders.length)
    return <Empty description="该项目尚未立项，资金台账中还没有认缴记录。立项流程完成后在此查看累计投资。" />;

  const levelColumns: ColumnsType<TCapitalLevel> = [
    { title: '层级', dataIndex: 'level', width: 110, render: (v: TCapitalLevel['level']) => LEVEL_LABEL[v] },
    { title: '层级上限', dataIndex: 'cap', align: 'right', render: (v: string) => <Money value={v} /> },
    {
      title: '合伙人认缴',
      dataIndex: 'partnersCommitted',
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    {
      title: '平台公司',
      dataIndex: 'platformCommitted',
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    { title: '已实缴', dataIndex: 'paidIn', align: 'right', render: (v: string) => <Money value={v} /> },
    { title: '未缴', dataIndex: 'unpaid', align: 'right', render: (v: string) => signed(v) },
    { title: '应退款', dataIndex: 'refundsOwed', align: 'right', render: (v: string) => signed(v) },
    {
      title: '平衡校验',
      dataIndex: 'balanced',
      width: 120,
      render: (v: boolean, l) =>
        v ? (
          <Tag color="green" style={{ marginInlineEnd: 0 }}>
            合伙人 + 平台 = 上限
          </Tag>
        ) : (
          <Tooltip title={l.message}>
            <Tag color="red" style={{ marginInlineEnd: 0 }}>
              不一致
            </Tag>
          </Tooltip>
        ),
    },
  ];

  const holderColumns: ColumnsType<TCapitalHolderLine> = [
    {
      title: '持有人',
      key: 'name',
      width: 130,
      fixed: 'left',
      render: (_v, h) =>
        h.holder === 'PLATFORM' ? (
          <Tag style={{ marginInlineEnd: 0 }}>平台公司</Tag>
        ) : (
          <span>
            {h.name}
            <PartnerMarks marks={h.marks} />
          </span>
        ),
    },
    { title: '层级', dataIndex: 'level', width: 90, render: (v: TCapitalHolderLine['level']) => LEVEL_LABEL[v] },
    { title: '认缴', dataIndex: 'committed', width: 130, align: 'right', render: (v: string) => <Money value={v} /> },
    {
      title: '已实缴',
      dataIndex: 'paid',
      width: 130,
      align: 'right',
      // the platform's share is not paid in through 缴款 (the cap's remainder), except what it took over from an exit (承接)
      render: (v: string, h) =>
        h.holder === 'PLATFORM' && dec(v).isZero() ? <span className="muted">—</span> : <Money value={v} />,
    },
    {
      title: '未缴 / 应退',
      dataIndex: 'outstanding',
      width: 150,
      align: 'right',
      render: (v: string, h) => {
        if (h.holder === 'PLATFORM') return <span className="muted">—</span>;
        const d = dec(v);
        if (d.isZero()) return <span className="muted">已缴清</span>;
        return d.isNegative() ? (
          <span>
            <Tag color="purple">应退</Tag>
            <Money value={d.negated()} />
          </span>
        ) : (
          <Money value={v} />
        );
      },
    },
    {
      title: '协议状态',
      key: 'agreement',
      width: 110,
      render: (_v, h) =>
        h.holder === 'PLATFORM' || h.userId === null ? (
          <span className="muted">—</span>
        ) : (
          <AgreementStateTag line={agreementOf.get(h.userId)} />
        ),
    },
    {
      title: '参与轮次',
      dataIndex: 'rounds',
      render: (v: number[], h) =>
        h.holder === 'PLATFORM' ? (
          <span className="muted">{dec(h.paid).isZero() ? '承接未认购额度' : '承接未认购额度及退出份额'}</span>
        ) : v.length ? (
          v.map((seq) => roundTitle.get(seq) ?? `第 ${seq} 轮`).join('、')
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      title: '操作',
      key: 'op',
      width: 100,
      fixed: 'right',
      render: (_v, h) => (
        <Button
          type="link"
          size="small"
          icon={<HistoryOutlined />}
          onClick={() => setHolder(h)}
          aria-label={`台账明细 ${h.holder === 'PLATFORM' ? '平台公司' : h.name} ${LEVEL_LABEL[h.level]}`}
        >
          台账明细
        </Button>
      ),
    },
  ];

  const waiting = notReady(overview, '累计投资');
  if (waiting) return waiting;
  return (
    <div data-testid="capital-view">
      <div className="toolbar">
        <div className="toolbar-left muted">
          按资金台账汇总全部认购轮次与立项调整；每个层级 合伙人 + 平台公司 = 层级上限。
          {data?.peakCapital && <span className="num">资金峰值 {formatMoney(data.peakCapital)}。</span>}
        </div>
        <div className="toolbar-right biz-figures" style={{ marginBottom: 0 }}>
          {totals && (
            <>
              <Figure label="层级上限合计">{formatMoney(totals.cap)}</Figure>
              <Figure label="合伙人认缴">{formatMoney(totals.partnersCommitted)}</Figure>
              <Figure label="平台公司" tone="muted">
                {formatMoney(totals.platformCommitted)}
              </Figure>
              <Figure label="已实缴" tone="green">
                {formatMoney(totals.paidIn)}
              </Figure>
              <Figure label="未缴" tone="red">
                {formatMoney(totals.unpaid)}
              </Figure>
            </>
          )}
          <Button icon={<ReloadOutlined />} aria-label="刷新累计投资" onClick={() => void overview.reload()} />
        </div>
      </div>
      <LoadError error={overview.error} what="累计投资" onRetry={overview.reload} />
      {data && levels.some((l) => !l.balanced) && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title="资金台账与层级上限不一致"
          description={levels
            .filter((l) => !l.balanced)
            .map((l) => l.message ?? LEVEL_LABEL[l.level])
            .join('；')}
        />
      )}
      {mismatch && mismatch.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title="合计与各层级之和不一致，请联系系统管理员核对资金台账。"
        />
      )}
      <LevelBars
        testId="capital-chart"
        ariaLabel="各层级上限、合伙人认缴与已实缴"
        legend={{ solid: '已实缴', light: '合伙人认缴', cap: '层级上限（余额归平台公司）' }}
        rows={levels.map((l) => ({
          key: l.level,
          label: LEVEL_LABEL[l.level],
          cap: l.cap,
          light: l.partnersCommitted,
          solid: l.paidIn,
          tooltip: [
            { label: '上限', value: formatMoney(l.cap) },
            { label: '合伙人认缴', value: formatMoney(l.partnersCommitted) },
            { label: '平台公司', value: formatMoney(l.platformCommitted) },
            { label: '已实缴', value: formatMoney(l.paidIn) },
          ],
        }))}
      />
      <Table<TCapitalLevel>
        className="biz-table"
        size="small"
        rowKey="level"
        pagination={false}
        dataSource={levels}
        columns={levelColumns}
        loading={overview.loading && !data}
        style={{ marginBottom: 16 }}
        data-testid="capital-levels"
        summary={() =>
          totals ? (
            <Table.Summary.Row className="biz-summary-row">
              <Table.Summary.Cell index={0}>合计</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Money value={totals.cap} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <Money value={totals.partnersCommitted} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Money value={totals.platformCommitted} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Money value={totals.paidIn} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                {signed(totals.unpaid)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                {signed(totals.refundsOwed)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7}>
                {mismatch && mismatch.length ? (
                  <Tag color="red">合计 ≠ 各层级之和</Tag>
                ) : (
                  <span className="muted">= 各层级之和</span>
                )}
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
      <div className="biz-section-title">持有明细</div>
      <Table<TCapitalHolderLine>
        className="biz-table"
        size="middle"
        rowKey={(h) => `${h.holder}:${h.userId ?? 0}:${h.level}`}
        dataSource={holders}
        columns={holderColumns}
        loading={overview.loading && !data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 990 }}
        data-testid="capital-holders"
      />
      {holder && <EntriesDrawer projectId={projectId} holder={holder} onClose={() => setHolder(null)} />}
    </div>
  );
}

const ENTRY_PAGE = 200;

/**
 * A holder's ledger entries, newest first as the API pages them. The API filters by person and level; the 平台公司's
 * entries are the level's entries without a person, picked out here.
 */
function EntriesDrawer({
  projectId,
  holder,
  onClose,
}: {
  projectId: number;
  holder: TCapitalHolderLine;
  onClose: () => void;
}) {
  const [page, setPage] = useState(1);
  const entries = useRequest(
    () =>
      get<TCapitalEntryPage>(`/api/projects/${projectId}/capital/entries`, {
        userId: holder.userId ?? undefined,
        level: holder.level,
        page,
        pageSize: ENTRY_PAGE,
      }),
    [projectId, holder.userId, holder.level, page],
  );
  const rows = (entries.data?.items ?? []).filter((e) => e.holder === holder.holder && e.userId === holder.userId);
  const who = holder.holder === 'PLATFORM' ? '平台公司' : holder.name;
  return (
    <Drawer
      open
      size={900}
      title={`台账明细 · ${who} · ${LEVEL_LABEL[holder.level]}`}
      onClose={onClose}
      data-testid="capital-entries-drawer"
    >
      <div className="biz-figures">
        <Figure label="认缴">{formatMoney(holder.committed)}</Figure>
        <Figure label="已实缴" tone="green">
          {formatMoney(holder.paid)}
        </Figure>
        <Figure
          label={dec(holder.outstanding).isNegative() ? '应退' : '未缴'}
          tone={dec(holder.outstanding).isZero() ? 'muted' : 'red'}
        >
          {formatMoney(dec(holder.outstanding).abs())}
        </Figure>
        {!dec(holder.interest).isZero() && <Figure label="资金利息">{formatMoney(holder.interest)}</Figure>}
      </div>
      <LoadError error={entries.error} what="台账明细" onRetry={entries.reload} />
      <Table<TCapitalEntry>
        className="biz-table"
        size="small"
        rowKey="id"
        loading={entries.loading}
        dataSource={rows}
        data-testid="capital-entries"
        pagination={{
          current: page,
          pageSize: ENTRY_PAGE,
          total: entries.data?.total ?? 0,
          onChange: setPage,
          hideOnSinglePage: true,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: '日期',
            dataIndex: 'valueDate',
            width: 110,
            render: (v: string) => <span className="num">{v}</span>,
          },
          {
            title: '类型',
            dataIndex: 'kind',
            width: 110,
            render: (v: TCapitalEntry['kind'], e) => (
              <span>
                {CAPITAL_ENTRY_KIND_LABEL[v]}
                {e.reversalOfId !== null && <span className="muted num">（冲销 #{e.reversalOfId}）</span>}
              </span>
            ),
          },
          { title: '认缴变动', dataIndex: 'committedDelta', align: 'right', render: (v: string) => signed(v) },
          { title: '实缴变动', dataIndex: 'paidDelta', align: 'right', render: (v: string) => signed(v) },
          {
            title: '来源',
            key: 'source',
            render: (_v, e) => (
              <span style={{ fontSize: 12 }}>
                {e.roundId !== null && <div>认购轮次 #{e.roundId}</div>}
                {e.adjustmentId !== null && <div>峰值变更 #{e.adjustmentId}</div>}
                {e.paymentDueId !== null && <div>缴款 #{e.paymentDueId}</div>}
                {e.note && <div className="muted">{e.note}</div>}
              </span>
            ),
          },
          {
            title: '记账时间',
            dataIndex: 'createdAt',
            width: 140,
            render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
          },
        ]}
      />
    </Drawer>
  );
}
