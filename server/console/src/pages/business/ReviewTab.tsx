/**
 * 方案审核 (quick guide 2.4.4): the business admin's queue with 通过 / 驳回（须填写原因）; accountants see the
 * submissions of the projects granted to them and the outcome (the system admin may not read reviews at all:
 * they carry partner money). A row opens the lines the reviewer decides on. The DingTalk todo's PC link
 * (`/console/business/review?reviewId=…`) arrives here as `focusId`: that review is shown expanded and highlighted.
 */
import { AimOutlined, CheckOutlined, CloseOutlined, ReloadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  Modal,
  Segmented,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useRef, useState } from 'react';
import { ZReject } from '../../../../../shared/api/scheme';
import type { TPage } from '../../../../../shared/api/common';
import type { TRoleKind } from '../../../../../shared/api/identity';
import { formatDateTime } from '../../../../../shared/datetime';
import { dec, formatMoney } from '../../../../../shared/money';
import { useAuth } from '../../auth';
import { LoadError, Money } from '../../components/table';
import { hasRole } from '../../lib/access';
import { ApiError, get, post } from '../../lib/api';
import { parseWith, zodRule } from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';
import { fieldDetails, handleSaveError, ReviewStatusTag } from './common';
import { REVIEW_STATUS_LABEL, type TReviewStatus } from '../../../../../shared/api/labels';
import type { TReviewCounts, TReviewDetail, TReviewPartner, TReviewRow } from '../../../../../shared/api/reviews';
import { CATEGORY_LABEL, LEVEL_LABEL } from '../../../../../shared/api/labels';
import type { TRoundReview } from '../../../../../shared/api/subscription';
import type { TSchemeChangeDetail } from '../../../../../shared/api/scheme-change';
import { ChangeComparison } from './SchemeChangeTab';

type Filter = 'PENDING' | 'APPROVED' | 'REJECTED' | 'ALL';
const PAGE_SIZE = 20;
const filterOf = (s: TReviewStatus): Filter => (s === 'CANCELLED' ? 'ALL' : s);

/** Who may read reviews (GET /api/reviews): the business admin, and accountants for their granted projects. */
export const REVIEW_READERS: TRoleKind[] = [
  'BUSINESS_ADMIN',
  'HOLDING_ACCOUNTANT',
  'GROUP_ACCOUNTANT',
  'CITY_ACCOUNTANT',
];

export function ReviewQueue({
  projectId,
  onDecided,
  lastRoundReview,
  focusId = null,
}: {
  projectId: number | null;
  onDecided?: () => Promise<void>;
  lastRoundReview?: TRoundReview | null;
  focusId?: number | null;
}) {
  const { me } = useAuth();
  const { message, modal } = App.useApp();
  const reviewer = hasRole(me, 'BUSINESS_ADMIN');
  const [filter, setFilter] = useState<Filter>(reviewer ? 'PENDING' : 'ALL');
  const [onlyThis, setOnlyThis] = useState(projectId !== null);
  const [page, setPage] = useState(1);
  const [expanded, setExpanded] = useState<number[]>([]);
  const [rejecting, setRejecting] = useState<TReviewRow | null>(null);

  // the review the address points at (a DingTalk todo): its status picks the filter, so it is in the list
  const focusReq = useRequest(() => get<TReviewDetail>(`/api/reviews/${focusId}`), [focusId], {
    skip: focusId === null,
  });
  const focus =
    focusReq.data && focusReq.data.id === focusId && (projectId === null || focusReq.data.projectId === projectId)
      ? focusReq.data
      : null;
  const focusedOn = useRef<number | null>(null);
  useEffect(() => {
    if (!focus || focusedOn.current === focus.id) return;
    focusedOn.current = focus.id;
    setFilter(filterOf(focus.status));
    setPage(1);
    setExpanded((keys) => (keys.includes(focus.id) ? keys : [...keys, focus.id]));
  }, [focus]);
  const focusPending = focusId !== null && focusReq.loading;

  const scoped = onlyThis && projectId !== null;
  const list = useRequest(
    () =>
      get<TPage<TReviewRow>>('/api/reviews', {
        projectId: scoped ? projectId : undefined,
        status: filter === 'ALL' ? undefined : filter,
        page,
        pageSize: PAGE_SIZE,
      }),
    [filter, page, scoped, projectId],
    { skip: focusPending },
  );
  const items = list.data?.items ?? [];
  // a focused review further down than the first page is still shown, on top
  const showFocusOnTop =
    !!focus &&
    page === 1 &&
    (filter === 'ALL' || filter === focus.status) &&
    !items.some((r) => r.id === focus.id) &&
    !list.loading &&
    !!list.data;
  const rows = showFocusOnTop && focus ? [focus, ...items] : items;
  const focusInView = !!focus && rows.some((r) => r.id === focus.id);

  // bring the highlighted row into view once it is on screen
  const scrolledTo = useRef<number | null>(null);
  useEffect(() => {
    if (!focus || !focusInView || scrolledTo.current === focus.id) return;
    scrolledTo.current = focus.id;
    window.requestAnimationFrame(() =>
      document
        .querySelector(`[data-testid="review-queue"] tr[data-row-key="${focus.id}"]`)
        ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
    );
  }, [focus, focusInView]);

  const afterDecision = async () => {
    await Promise.all([list.reload(), focusId === null ? undefined : focusReq.reload(), onDecided?.()]);
  };

  const approve = (r: TReviewRow) => {
    modal.confirm({
      title: `审核通过「${r.title}」？`,
      content:
        r.subjectType === 'SCHEME_CHANGE'
          ? '通过后，经营会计即可在【项目流程】发起「立项信息变更」审批，审批完成后新方案生效。'
          : r.subjectType === 'DISTRIBUTION'
            ? '通过后，经营会计即可在【项目流程】发起该批次的分配审批流程。'
            : r.subjectType === 'DISCLOSURE'
              ? '通过后，项目的合伙人将在当天的合并披露通知中收到本次披露（详见【披露】页签）。'
              : '通过后，经营会计即可在【项目流程】发起「事业合伙立项」审批。',
      okText: '审核通过',
      cancelText: '取消',
      onOk: async () => {
        try {
          await post(`/api/reviews/${r.id}/approve`, { version: r.version });
          message.success(`审核单 #${r.id} 已审核通过`);
          await afterDecision();
        } catch (err) {
          await handleSaveError(err, { message, reload: afterDecision });
        }
      },
    });
  };

  const columns: ColumnsType<TReviewRow> = [
    {
      title: '审核单',
      dataIndex: 'id',
      width: 76,
      fixed: 'left',
      render: (v: number) => <span className="num">#{v}</span>,
    },
    ...(scoped
      ? []
      : [{ title: '项目', key: 'project', width: 160, render: (_v: unknown, r: TReviewRow) => r.projectName }]),
    { title: '类型', dataIndex: 'kind', width: 90 },
    { title: '内容', dataIndex: 'title' },
    {
      title: '金额',
      dataIndex: 'amount',
      width: 136,
      align: 'right',
      render: (v: string | null) => <Money value={v} />,
    },
    { title: '送审人', dataIndex: 'submittedBy', width: 110 },
    {
      title: '送审时间',
      dataIndex: 'submittedAt',
      width: 140,
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (v: TReviewStatus, r) => (
        <span>
          <ReviewStatusTag status={v} />
          {r.reason && (
            <div className="muted" style={{ fontSize: 12 }}>
              {r.reason}
            </div>
          )}
        </span>
      ),
    },
    ...(reviewer
      ? [
          {
            title: '操作',
            key: 'op',
            width: 160,
            fixed: 'right' as const,
            render: (_v: unknown, r: TReviewRow) =>
              r.status === 'PENDING' ? (
                <Space size={4}>
                  <Button
                    type="primary"
                    size="small"
                    icon={<CheckOutlined />}
                    onClick={() => approve(r)}
                    aria-label={`通过 #${r.id}`}
                  >
                    通过
                  </Button>
                  <Button
                    danger
                    size="small"
                    icon={<CloseOutlined />}
                    onClick={() => setRejecting(r)}
                    aria-label={`驳回 #${r.id}`}
                  >
                    驳回
                  </Button>
                </Space>
              ) : (
                <span className="muted">{formatDateTime(r.decidedAt)}</span>
              ),
          },
        ]
      : []),
  ];

  const focusMissing =
    focusId !== null &&
    focusReq.error instanceof ApiError &&
    (focusReq.error.status === 404 || focusReq.error.status === 403);

  return (
    <div data-testid="review-queue">
      {projectId !== null && lastRoundReview?.status === 'REJECTED' && !reviewer && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`本项目最近一次送审被驳回：${lastRoundReview.reason ?? ''}`}
        />
      )}
      {focus && (
        <Alert
          type={focus.status === 'PENDING' ? 'warning' : 'info'}
          showIcon
          icon={<AimOutlined />}
          style={{ marginBottom: 12 }}
          data-testid="review-focus-note"
          title={
            <span>
              审核单 <b className="num">#{focus.id}</b>「{focus.title}」· {REVIEW_STATUS_LABEL[focus.status]}
              {focus.status === 'PENDING'
                ? reviewer
                  ? '，请在下方高亮的行中审核。'
                  : '，等待业务管理员审核。'
                : `（${formatDateTime(focus.decidedAt)}）`}
            </span>
          }
        />
      )}
      {focusMissing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`审核单 #${focusId} 不存在，或不在您有权查看的项目中。`}
        />
      )}
      {!focusMissing && <LoadError error={focusReq.error} what={`审核单 #${focusId ?? ''} `} />}
      <div className="toolbar">
        <div className="toolbar-left">
          <Segmented<Filter>
            value={filter}
            onChange={(v) => {
              setFilter(v);
              setPage(1);
            }}
            options={[
              { value: 'PENDING', label: REVIEW_STATUS_LABEL.PENDING },
              { value: 'APPROVED', label: REVIEW_STATUS_LABEL.APPROVED },
              { value: 'REJECTED', label: REVIEW_STATUS_LABEL.REJECTED },
              { value: 'ALL', label: '全部' },
            ]}
          />
          {projectId !== null && (
            <span>
              <Switch
                size="small"
                checked={onlyThis}
                onChange={(v) => {
                  setOnlyThis(v);
                  setPage(1);
                }}
                aria-label="仅本项目"
              />{' '}
              <span className="muted">仅本项目</span>
            </span>
          )}
        </div>
        <div className="toolbar-right">
          <span className="muted">
            {reviewer ? '审核结果会通知送审人，并关闭钉钉待办。' : '方案由业务管理员审核；结果以钉钉消息通知送审人。'}
          </span>
          <Button icon={<ReloadOutlined />} aria-label="刷新审核队列" onClick={() => void afterDecision()} />
        </div>
      </div>
      <LoadError error={list.error} what="审核队列" onRetry={list.reload} />
      {!list.error && (
        <Table<TReviewRow>
          className="biz-table"
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.loading || focusPending}
          scroll={{ x: 1000 }}
          rowClassName={(r) => (focus && r.id === focus.id ? 'review-focus' : '')}
          expandable={{
            expandedRowRender: (r) =>
              r.subjectType === 'SCHEME_CHANGE' ? (
                <ChangeReviewLines projectId={r.projectId} changeId={r.subjectId} />
              ) : (
                <ReviewLines id={r.id} />
              ),
            rowExpandable: () => true,
            expandedRowKeys: expanded,
            onExpandedRowsChange: (keys) => setExpanded(keys.map(Number)),
          }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
            showSizeChanger: false,
          }}
          locale={{ emptyText: filter === 'PENDING' ? '没有待审核的方案' : '没有审核记录' }}
        />
      )}
      {rejecting && (
        <RejectModal
          review={rejecting}
          onClose={() => setRejecting(null)}
          onDone={async () => {
            setRejecting(null);
            await afterDecision();
          }}
        />
      )}
    </div>
  );
}

/** A 立项调整 under review: old / new caps per level and every holder's line with the accountant's edit reasons. */
function ChangeReviewLines({ projectId, changeId }: { projectId: number; changeId: number }) {
  const d = useRequest(
    () => get<TSchemeChangeDetail>(`/api/projects/${projectId}/scheme-changes/${changeId}`),
    [projectId, changeId],
  );
  if (d.error) return <LoadError error={d.error} what="立项调整" onRetry={d.reload} />;
  if (!d.data) return <span className="muted">加载中…</span>;
  return (
    <div data-testid={`review-change-${changeId}`} className="review-change">
      <ChangeComparison change={d.data} />
    </div>
  );
}

function ReviewLines({ id }: { id: number }) {
  const d = useRequest(() => get<TReviewDetail>(`/api/reviews/${id}`), [id]);
  if (d.error) return <LoadError error={d.error} what="审核明细" onRetry={d.reload} />;
  if (!d.data) return <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  if (d.data.partners && d.data.counts)
    return <RoundReviewLines detail={d.data} partners={d.data.partners} counts={d.data.counts} />;
  return (
    <div style={{ maxWidth: 720 }}>
      <div style={{ marginBottom: 8 }}>{d.data.summary}</div>
      <Table
        size="small"
        pagination={false}
        rowKey={(l) => l.label}
        dataSource={d.data.lines}
        columns={[
          { title: '合伙人（层级 · 类别）', dataIndex: 'label' },
          {
            title: '投资金额',
            dataIndex: 'value',
            align: 'right',
            width: 180,
            render: (v: string, l) => (l.amount ? <Money value={v} /> : v),
          },
        ]}
      />
    </div>
  );
}

/**
 * A round under 方案审核: every person on the list — 认购区间, what they subscribed (未认购 / 放弃 ¥0 / the amount),
 * the 测算 amount, the accountant's adjustment with its reason, and the 投资明细 the reviewer approves; 强投 placed
 * without subscribing are marked. The head counts are the table's rows.
 */
function RoundReviewLines({
  detail,
  partners,
  counts,
}: {
  detail: TReviewDetail;
  partners: TReviewPartner[];
  counts: TReviewCounts;
}) {
  const acknowledged = detail.lines.filter((l) => l.label.startsWith('强投未认购：'));
  const adjusted = partners.filter((p) => p.adjustment !== null).length;
  const placed = partners.filter((p) => p.mandatoryPlaced).length;
  const columns: ColumnsType<TReviewPartner> = [
    {
      title: '合伙人（层级 · 类别）',
      key: 'name',
      width: 170,
      fixed: 'left',
      render: (_v, p) => (
        <span>
          {p.name}
          {p.mandatoryPlaced && (
            <Tag color="red" style={{ marginInlineStart: 4 }} data-testid="review-mandatory-placed">
              强投未认购
            </Tag>
          )}
          <div className="muted" style={{ fontSize: 12 }}>
            {LEVEL_LABEL[p.level]} · {CATEGORY_LABEL[p.category]}
          </div>
        </span>
      ),
    },
    {
      title: '认购区间',
      key: 'range',
      width: 140,
      align: 'right',
      render: (_v, p) => (
        <span className="num" style={{ fontSize: 12 }}>
          {formatMoney(p.minAmount)} –<br />
          {formatMoney(p.maxAmount)}
        </span>
      ),
    },
    {
      title: '认购金额',
      key: 'subscribed',
      width: 120,
      align: 'right',
      render: (_v, p) =>
        p.subscribedAmount === null ? (
          <span className="muted">未认购</span>
        ) : dec(p.subscribedAmount).isZero() ? (
          <span className="muted">放弃（¥0.00）</span>
        ) : (
          <Money value={p.subscribedAmount} />
        ),
    },
    {
      title: '测算金额',
      key: 'allocated',
      width: 120,
      align: 'right',
      render: (_v, p) => <Money value={p.allocatedAmount} />,
    },
    {
      title: '人工调整（原因）',
      key: 'adjustment',
      width: 190,
      render: (_v, p) =>
        p.adjustment === null ? (
          <span className="muted">—</span>
        ) : (
          <span data-testid="review-adjustment">
            <span className="num">
              {p.adjustment.startsWith('-') ? '' : '+'}
              {formatMoney(p.adjustment)}
            </span>
            <div className="muted" style={{ fontSize: 12, whiteSpace: 'normal' }}>
              {p.editReason ?? ''}
              {p.editedBy ? `（${p.editedBy}）` : ''}
            </div>
          </span>
        ),
    },
    {
      title: '投资明细',
      key: 'invested',
      width: 120,
      align: 'right',
      fixed: 'right',
      render: (_v, p) => (
        <b>
          <Money value={p.investedAmount} />
        </b>
      ),
    },
  ];
  return (
    <div data-testid={`review-lines-${detail.id}`} style={{ maxWidth: 1180 }}>
      <div style={{ marginBottom: 8 }} data-testid="review-counts">
        名单 <b className="num">{counts.listed}</b> 人 · 已认购 <b className="num">{counts.subscribed}</b> 人 · 放弃{' '}
        <b className="num">{counts.declined}</b> 人 · 未认购 <b className="num">{counts.unanswered}</b> 人 · 计入投资{' '}
        <b className="num">{counts.invested}</b> 人 · 人工调整 <b className="num">{adjusted}</b> 人 · 强投未认购计入{' '}
        <b className="num">{placed}</b> 人 · 合计 <Money value={detail.amount} />
      </div>
      {acknowledged.map((l) => (
        <Alert key={l.label} type="warning" showIcon style={{ marginBottom: 8 }} title={l.label} />
      ))}
      <Table<TReviewPartner>
        size="small"
        pagination={false}
        rowKey="lineId"
        dataSource={partners}
        columns={columns}
        scroll={{ x: 860 }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={5}>
              合计（{counts.listed} 人）
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              <b>
                <Money value={detail.amount} />
              </b>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
    </div>
  );
}

export function RejectModal({
  review,
  onClose,
  onDone,
  hint = '原因会通知送审的经营会计，并显示在认购明细页',
}: {
  review: TReviewRow;
  onClose: () => void;
  onDone: () => Promise<void>;
  /** where the reason shows up for the one who submitted */
  hint?: string;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (
      !(await form.validateFields().then(
        () => true,
        () => false,
      ))
    )
      return;
    const body = parseWith(form, ZReject, { version: review.version, reason: form.getFieldValue('reason') ?? '' });
    if (!body) return;
    setBusy(true);
    try {
      await post(`/api/reviews/${review.id}/reject`, body);
      message.success(`审核单 #${review.id} 已驳回`);
      await onDone();
    } catch (err) {
      const details = fieldDetails(err).filter((x) => x.path === 'reason');
      if (details.length) form.setFields([{ name: 'reason', errors: details.map((x) => x.message) }]);
      else await handleSaveError(err, { message, reload: onDone });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`驳回 · 审核单 #${review.id}`}
      okText="确认驳回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'p', label: '项目', children: review.projectName },
          { key: 't', label: '内容', children: review.title },
          { key: 'a', label: '金额', children: <span className="num">{formatMoney(review.amount)}</span> },
        ]}
      />
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="驳回原因"
          required
          rules={[zodRule(ZReject, 'reason', '请填写驳回原因')]}
          extra={hint}
        >
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：王磊的认购金额请与本人核对后再送审" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
