/**
 * 认购明细 / 测算 (quick guide 2.3.4, 2.4.2, 2.4.3): subscriptions beside the 测算 result and the 投资明细, the level
 * summary (cap / subscribed / invested / 平台公司) with a bar chart, inline edits with a reason, 送审.
 */
import { MandatoryAcknowledgement } from './MandatoryCheck';
import {
  CalculatorOutlined,
  CloseOutlined,
  DownloadOutlined,
  EditOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Empty, Form, Input, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { LEVEL_LABEL, ZLineEdit, type TCategory, type TLevel } from '../../../../../shared/api/scheme';
import { formatDateTime } from '../../../../../shared/datetime';
import { dec, formatMoney, sumMoney } from '../../../../../shared/money';
import { notReady, LoadError, Money } from '../../components/table';
import { download, errorMessage, patch, post } from '../../lib/api';
import { isVersionConflict, parseWith } from '../../lib/forms';
import {
  clearErrors,
  fieldDetails,
  Figure,
  handleSaveError,
  markFields,
  MoneyInput,
  NO_ROUND_TEXT,
  PartnerMarks,
  usePassed,
} from './common';
import { LevelChart } from './LevelChart';
import { CategoryTag } from './PartnersTab';
import type { TLevelSummary, TRoundLine } from '../../../../../shared/api/subscription';
import type { RoundProps } from './types';

export function CalcTab({
  projectId,
  round,
  roundId,
  detail,
  detailLoading,
  detailError,
  reloadRound,
  editable,
}: RoundProps) {
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<'calc' | 'submit' | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [acknowledged, setAcknowledged] = useState<number[] | null>([]);

  const passed = usePassed(round?.deadline);
  if (!roundId || !round) return <Empty description={NO_ROUND_TEXT} />;
  const status = detail?.round.status ?? round.status;
  const lines = detail?.lines ?? [];
  const levels = detail?.levels ?? [];
  const beforeDeadline = !passed;
  const canCalc = editable && (status === 'OPEN' || status === 'CALCULATED');
  const canEdit = editable && status === 'CALCULATED';
  const review = detail?.review ?? null;

  const calculate = () => {
    const run = async () => {
      setBusy('calc');
      try {
        await post(`/api/projects/${projectId}/rounds/${roundId}/calculate`);
        message.success('测算完成，已生成投资明细');
        setEditing(null);
        await reloadRound();
      } catch (err) {
        await handleSaveError(err, { message, reload: reloadRound });
      } finally {
        setBusy(null);
      }
    };
    if (status === 'CALCULATED') {
      modal.confirm({
        title: '重新测算？',
        content: '重新测算会按认购金额重算全部投资明细，已手工调整的金额和原因将被覆盖。',
        okText: '重新测算',
        cancelText: '取消',
        onOk: run,
      });
    } else void run();
  };

  const submit = () => {
    if (acknowledged === null) {
      message.warning('请先确认强投提示：勾选后才能送审');
      return;
    }
    const total = sumMoney(lines.map((l) => l.investedAmount ?? 0));
    modal.confirm({
      title: '送审方案',
      content: (
        <div>
          将「{round.title}」方案（{lines.filter((l) => dec(l.investedAmount ?? 0).greaterThan(0)).length} 人，合计{' '}
          <b className="num">{formatMoney(total)}</b>）送业务管理员审核。审核期间不能修改投资明细。
        </div>
      ),
      okText: '确认送审',
      cancelText: '取消',
      onOk: async () => {
        setBusy('submit');
        try {
          await post(`/api/projects/${projectId}/rounds/${roundId}/submit`, { acknowledgedMandatory: acknowledged });
          message.success('已送审，等待业务管理员审核');
          await reloadRound();
        } catch (err) {
          await handleSaveError(err, { message, reload: reloadRound });
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const columns: ColumnsType<TRoundLine> = [
    {
      title: '序号',
      key: 'i',
      width: 56,
      fixed: 'left',
      align: 'center',
      render: (_v, _r, i) => <span className="num">{i + 1}</span>,
    },
    {
      title: '合伙人',
      key: 'user',
      width: 130,
      fixed: 'left',
      render: (_v, r) => (
        <span>
          {r.user.name}
          <PartnerMarks marks={r.user.marks} />
        </span>
      ),
    },
    { title: '层级', dataIndex: 'level', width: 100, render: (v: TLevel) => LEVEL_LABEL[v] },
    { title: '类别', dataIndex: 'category', width: 64, render: (v: TCategory) => <CategoryTag c={v} /> },
    {
      title: '认购区间',
      key: 'range',
      width: 220,
      align: 'right',
      render: (_v, r) => (
        <span className="money">
          {formatMoney(r.minAmount)} – {formatMoney(r.maxAmount)}
        </span>
      ),
    },
    {
      title: '认购金额',
      dataIndex: 'subscribedAmount',
      width: 130,
      align: 'right',
      render: (v: string | null, r: TRoundLine) =>
        v !== null ? (
          <Money value={v} />
        ) : r.category === 'MANDATORY' ? (
          // a 强投 who did not answer is put at the lower limit: not a detail to miss (see the warning above)
          <Typography.Text type="danger" strong>
            未认购（强投）
          </Typography.Text>
        ) : (
          <span className="muted">未认购</span>
        ),
    },
    {
      title: '测算',
      dataIndex: 'allocatedAmount',
      width: 130,
      align: 'right',
      render: (v: string | null) => (v === null ? <span className="muted">—</span> : <Money value={v} />),
    },
    {
      title: '投资明细',
      key: 'invested',
      width: editing === null ? 170 : 280,
      fixed: 'right',
      align: 'right',
      render: (_v, r) =>
        editing === r.id ? (
          <LineEditor
            line={r}
            projectId={projectId}
            roundId={roundId}
            onDone={async (saved) => {
              setEditing(null);
              if (saved) await reloadRound();
            }}
            reload={reloadRound}
          />
        ) : (
          <span>
            {r.investedAmount !== null &&
              r.allocatedAmount !== null &&
              !dec(r.investedAmount).equals(dec(r.allocatedAmount)) && (
                <Tooltip title={`调整原因：${r.editReason ?? ''}`}>
                  <Tag color="orange" style={{ marginRight: 6 }}>
                    已调整
                  </Tag>
                </Tooltip>
              )}
            {r.investedAmount === null ? <span className="muted">—</span> : <Money value={r.investedAmount} />}
            {r.editReason && (
              <div className="muted" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                {r.editReason}
              </div>
            )}
          </span>
        ),
    },
    ...(canEdit
      ? [
          {
            title: '操作',
            key: 'op',
            width: 80,
            fixed: 'right' as const,
            render: (_v: unknown, r: TRoundLine) =>
              editing === r.id ? null : (
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditing(r.id)}
                  aria-label={`调整 ${r.user.name}`}
                >
                  调整
                </Button>
              ),
          },
        ]
      : []),
  ];

  const totals = {
    subscribed: sumMoney(lines.map((l) => l.subscribedAmount ?? 0)),
    allocated: sumMoney(lines.map((l) => l.allocatedAmount ?? 0)),
    invested: sumMoney(lines.map((l) => l.investedAmount ?? 0)),
    cap: sumMoney(levels.map((l) => l.cap)),
    platform: sumMoney(levels.map((l) => l.platform)),
  };

  const waiting = notReady(
    { data: detail, loading: detailLoading, error: detailError, reload: reloadRound },
    '认购明细',
  );
  if (waiting) return waiting;
  return (
    <div>
      {status === 'CALCULATED' && (
        <MandatoryAcknowledgement
          projectId={projectId}
          roundId={roundId}
          refreshKey={detail?.round.calculatedAt ?? null}
          editable={canEdit}
          onChange={setAcknowledged}
        />
      )}
      <div className="toolbar">
        <div className="toolbar-left">
          {canCalc && (
            <Tooltip title={beforeDeadline ? `认购截止（${formatDateTime(round.deadline)}）后才能测算` : undefined}>
              <Button
                type="primary"
                icon={<CalculatorOutlined />}
                loading={busy === 'calc'}
                disabled={beforeDeadline}
                onClick={calculate}
                data-testid="calculate"
              >
                {status === 'CALCULATED' ? '重新测算' : '测算'}
              </Button>
            </Tooltip>
          )}
          {canEdit && (
            <Button icon={<SendOutlined />} loading={busy === 'submit'} onClick={submit} data-testid="submit-review">
              送审
            </Button>
          )}
          {detail?.round.calculatedAt && (
            <Button
              icon={<DownloadOutlined />}
              data-testid="export-round"
              onClick={() =>
                void download(
                  `/api/projects/${projectId}/rounds/${roundId}/export`,
                  `${round.title}-投资明细.xlsx`,
                ).catch((e: unknown) => message.error(errorMessage(e)))
              }
            >
              导出投资明细
            </Button>
          )}
          {detail?.round.calculatedAt && (
            <span className="muted">
              测算时间 <span className="num">{formatDateTime(detail.round.calculatedAt)}</span>
            </span>
          )}
        </div>
        <div className="toolbar-right biz-figures" style={{ marginBottom: 0 }}>
          <Figure label="层级上限合计">{formatMoney(totals.cap)}</Figure>
          <Figure label="认购合计">{formatMoney(totals.subscribed)}</Figure>
          <Figure label="投资明细合计" tone="red">
            {formatMoney(totals.invested)}
          </Figure>
          <Figure label="平台公司" tone="muted">
            {formatMoney(totals.platform)}
          </Figure>
        </div>
      </div>
      {status === 'IN_REVIEW' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="方案审核中：业务管理员审核期间不能修改投资明细。"
        />
      )}
      {review?.status === 'REJECTED' && status === 'CALCULATED' && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="reject-reason"
          title={`方案被驳回${review.decidedAt ? `（${formatDateTime(review.decidedAt)}）` : ''}：${review.reason ?? ''}`}
          description="请按驳回原因调整投资明细后重新送审。"
        />
      )}
      {(status === 'APPROVED' || status === 'CONFIRMED' || status === 'CLOSED') && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            status === 'APPROVED'
              ? '方案已审核通过，请到【项目流程】发起「事业合伙立项」审批。'
              : '方案已立项，投资明细即各合伙人的应缴金额。'
          }
        />
      )}
      {status === 'OPEN' && beforeDeadline && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={`认购进行中，截止 ${formatDateTime(round.deadline)}；截止后即可测算。`}
        />
      )}
      <LoadError error={detailError} what="认购明细" />
      <LevelChart levels={levels} />
      <LevelTable levels={levels} />
      <Table<TRoundLine>
        className="biz-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={lines}
        loading={detailLoading}
        data-testid="calc-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        summary={() =>
          lines.length ? (
            <Table.Summary.Row className="biz-summary-row">
              <Table.Summary.Cell index={0} colSpan={5}>
                合计（{lines.length} 人）
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <Money value={totals.subscribed} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} align="right">
                <Money value={totals.allocated} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={7} align="right">
                <Money value={totals.invested} />
              </Table.Summary.Cell>
              {canEdit && <Table.Summary.Cell index={8} />}
            </Table.Summary.Row>
          ) : null
        }
      />
    </div>
  );
}

function LevelTable({ levels }: { levels: TLevelSummary[] }) {
  if (!levels.length) return null;
  return (
    <Table<TLevelSummary>
      className="biz-table"
      size="small"
      rowKey="level"
      pagination={false}
      dataSource={levels}
      style={{ marginBottom: 16 }}
      data-testid="level-table"
      columns={[
        { title: '层级', dataIndex: 'label', width: 120 },
        { title: '层级上限', dataIndex: 'cap', align: 'right', render: (v: string) => <Money value={v} /> },
        { title: '认购', dataIndex: 'subscribed', align: 'right', render: (v: string) => <Money value={v} /> },
        { title: '测算', dataIndex: 'allocated', align: 'right', render: (v: string) => <Money value={v} /> },
        { title: '投资明细', dataIndex: 'invested', align: 'right', render: (v: string) => <Money value={v} /> },
        { title: '平台公司', dataIndex: 'platform', align: 'right', render: (v: string) => <Money value={v} /> },
      ]}
    />
  );
}

/** The inline edit of one 投资明细 line: amount and the reason (both required), errors next to them. */
function LineEditor({
  line,
  projectId,
  roundId,
  onDone,
  reload,
}: {
  line: TRoundLine;
  projectId: number;
  roundId: number;
  onDone: (saved: boolean) => Promise<void>;
  reload: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ investedAmount?: string | null; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    clearErrors(form);
    const v = form.getFieldsValue();
    const body = parseWith(form, ZLineEdit, {
      version: line.version,
      investedAmount: v.investedAmount ?? undefined,
      reason: v.reason ?? '',
    });
    if (!body) return;
    setBusy(true);
    try {
      await patch(`/api/projects/${projectId}/rounds/${roundId}/partners/${line.id}`, body);
      message.success(`${line.user.name} 的投资明细已调整`);
      await onDone(true);
    } catch (err) {
      const details = fieldDetails(err);
      if (details.length)
        markFields(
          form,
          details
            .filter((d) => d.path === 'investedAmount' || d.path === 'reason')
            .map((d) => ({ name: d.path, errors: [d.message] })),
        );
      else if ((await handleSaveError(err, { message, reload })) && isVersionConflict(err)) await onDone(false);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      component="div"
      initialValues={{ investedAmount: line.investedAmount ?? '0', reason: line.editReason ?? '' }}
      className="biz-line-editor"
      data-testid={`line-editor-${line.id}`}
    >
      <Form.Item name="investedAmount">
        <MoneyInput aria-label="投资金额" />
      </Form.Item>
      <Form.Item name="reason">
        <Input
          placeholder="调整原因（必填，记入系统日志）"
          aria-label="调整原因"
          maxLength={200}
          onPressEnter={() => void save()}
        />
      </Form.Item>
      <div className="biz-line-editor-actions">
        <Button size="small" onClick={() => void onDone(false)} aria-label="取消调整" icon={<CloseOutlined />}>
          取消
        </Button>
        <Button
          size="small"
          type="primary"
          icon={<SaveOutlined />}
          loading={busy}
          onClick={() => void save()}
          aria-label="保存调整"
        >
          保存
        </Button>
      </div>
    </Form>
  );
}
