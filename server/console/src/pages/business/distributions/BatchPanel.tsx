/**
 * 事业合伙分配 of one batch (quick guide 7.2.1–7.2.9, 8.1.1–8.1.7): the batch settings (分配日期, 资金利息 on/off, rate,
 * base, day count, 代扣税率, the profit total P entered or 项目利润 × 分配比例, the pro-rata basis, 资金峰值-实际), 测算, the
 * manual's A…F table with its 合计 row (the 平台公司 line shown like a partner's, 退 / 离 marks), per-line 资金利息
 * override and 其它 with a reason, 配资 per line when 资金利息 is on 配资额, 送审 and the review, 查看BPM, 导出Excel,
 * 发放登记 (confirmed accounts only) and 锁定.
 */
import {
  AuditOutlined,
  CalculatorOutlined,
  CheckCircleOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  EyeOutlined,
  LockOutlined,
  PayCircleOutlined,
  PlusOutlined,
  SaveOutlined,
  SendOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useState, type ReactNode } from 'react';
import {
  BATCH_STATUS_LABEL,
  type TBatchDetail,
  type TBatchLine,
  type TBatchStatus,
  type TDistributionAccountRow,
  type TDistributionSettings,
  type TPayoutImportResult,
} from '../../../../../../shared/api/distributions';
import type { TFlowRow } from '../../../../../../shared/api/flows';
import { FLOW_LABEL, LEVEL_LABEL, type TFlowType, type TLevel } from '../../../../../../shared/api/labels';
import type { TCapitalHolding } from '../../../../../../shared/api/capital';
import type { TPage } from '../../../../../../shared/api/common';
import type { TReviewRow } from '../../../../../../shared/api/reviews';
import { formatDateTime, shanghaiDay } from '../../../../../../shared/datetime';
import { dec, formatMoney, formatPercent, formatRatio, moneyString, sumMoney } from '../../../../../../shared/money';
import { useAuth } from '../../../auth';
import { LoadError, Money } from '../../../components/table';
import { hasRole } from '../../../lib/access';
import { api, download, errorMessage, get, patch, post, ApiError } from '../../../lib/api';
import { useRequest } from '../../../lib/useRequest';
import { handleSaveError, MoneyInput, pctToRatio, PctInput, ratioToPct } from '../common';
import { FlowView } from '../FlowsTab';
import { RejectModal } from '../ReviewTab';
import { ManualEditor } from './ManualEditor';
import { MarkTags } from './shared';

const STATUS_COLOR: Record<TBatchStatus, string> = {
  DRAFT: 'default',
  CALCULATED: 'cyan',
  SUBMITTED: 'gold',
  APPROVED: 'green',
  FLOW: 'processing',
  FLOW_DONE: 'blue',
  NOTIFIED: 'geekblue',
  PAID: 'purple',
  LOCKED: 'default',
};
export const BatchStatusTag = ({ status, small }: { status: TBatchStatus; small?: boolean }) => (
  <Tag
    color={STATUS_COLOR[status]}
    style={{ marginInlineEnd: 0, ...(small ? { fontSize: 11, lineHeight: '16px', paddingInline: 4 } : {}) }}
    data-testid={small ? undefined : 'batch-status'}
  >
    {status === 'LOCKED' && <LockOutlined />} {BATCH_STATUS_LABEL[status]}
  </Tag>
);

/** The batch's 项目流程 (清算分配 has none). */
const flowTypeOf = (b: TBatchDetail): TFlowType | null =>
  b.kind === 'PRINCIPAL'
    ? 'PRINCIPAL_DISTRIBUTION'
    : b.kind === 'PROFIT' && b.seq >= 1 && b.seq <= 3
      ? (`PROFIT_DISTRIBUTION_${b.seq}` as TFlowType)
      : null;

/** Where the batch stands and who does what next. */
function nextStep(b: TBatchDetail): string {
  const flow = flowTypeOf(b);
  const flowName = flow ? `「${FLOW_LABEL[flow]}」` : '分配';
  switch (b.status) {
    case 'DRAFT':
      if (b.mode === 'MANUAL') return '手动-非测算：业务管理员解锁编辑后，录入或导入分配明细并保存。';
      return b.kind === 'PRINCIPAL'
        ? '填写分配日期、资金利息与资金峰值-实际，如有其它调整项请先录入保存，然后测算。'
        : '填写分配日期与本次利润总额，然后测算。';
    case 'CALCULATED':
      return '核对测算结果后送审；送审后由业务管理员审核。';
    case 'SUBMITTED':
      return '已送业务管理员审核；审核期间修改任何内容都会退回草稿。';
    case 'APPROVED':
      return b.kind === 'PRINCIPAL'
        ? `审核已通过：请在【项目流程】先完成「实际资金峰值确认(循环)」，再发起${flowName}审批。`
        : flow
          ? `审核已通过：请在【项目流程】发起${flowName}审批。`
          : '审核已通过。';
    case 'FLOW':
      return `${flowName}审批中，钉钉回调后自动更新。`;
    case 'FLOW_DONE':
      return '流程已通过：分配日当天系统自动向合伙人发送分配通知。';
    case 'NOTIFIED':
      return '分配通知已发送：按已确认的分配账户打款后登记发放。';
    case 'PAID':
      return '已全部发放，本金返还已记入资金台账；核对无误后锁定。';
    case 'LOCKED':
      return '已锁定，只读。';
  }
}

const EDITABLE_STATUSES: TBatchStatus[] = ['DRAFT', 'CALCULATED', 'SUBMITTED', 'APPROVED', 'FLOW_DONE'];

export function BatchPanel({
  projectId,
  batch,
  editable,
  holdings,
  reload,
}: {
  projectId: number;
  batch: TBatchDetail;
  editable: boolean;
  holdings: TCapitalHolding[];
  reload: () => Promise<void>;
}) {
  const { me } = useAuth();
  const { message, modal } = App.useApp();
  const reviewer = hasRole(me, 'BUSINESS_ADMIN');
  const url = `/api/projects/${projectId}/distributions/${batch.id}`;
  const [busy, setBusy] = useState<string | null>(null);
  const [calcErrors, setCalcErrors] = useState<string[]>([]);
  const [lineEdit, setLineEdit] = useState<{ line: TBatchLine; what: LineEditKind } | null>(null);
  const [paying, setPaying] = useState(false);
  const [viewFlow, setViewFlow] = useState<TFlowRow | null>(null);
  const [rejecting, setRejecting] = useState<TReviewRow | null>(null);
  const canEdit = editable && EDITABLE_STATUSES.includes(batch.status);
  const flowType = flowTypeOf(batch);
  const flows = useRequest(() => get<TFlowRow[]>(`/api/projects/${projectId}/flows`), [projectId, batch.status], {
    skip: !flowType,
  });
  const flow = flowType ? (flows.data ?? []).find((f) => f.type === flowType && f.latest) : undefined;
  const review = useRequest(
    () => get<TPage<TReviewRow>>('/api/reviews', { projectId, status: 'PENDING', page: 1, pageSize: 50 }),
    [projectId, batch.status],
    { skip: !reviewer || batch.status !== 'SUBMITTED' },
  );
  const pendingReview =
    batch.status === 'SUBMITTED'
      ? (review.data?.items ?? []).find((r) => r.subjectType === 'DISTRIBUTION' && r.subjectId === batch.id)
      : undefined;

  const run = async (key: string, fn: () => Promise<void>) => {
    setBusy(key);
    try {
      await fn();
    } catch (err) {
      await handleSaveError(err, { message, reload });
    } finally {
      setBusy(null);
    }
  };

  /** 测算: the errors the calculation found are listed above the table (each names the partner and level). */
  const calculate = (version = batch.version) =>
    run('calc', async () => {
      setCalcErrors([]);
      try {
        const res = await post<TBatchDetail>(`${url}/calculate`, { version });
        message.success(`测算完成：${res.lines.length} 行，分配合计 ${formatMoney(res.totals?.payout)}`);
      } catch (err) {
        const details =
          err instanceof ApiError ? (err.details as { errors?: { message: string }[] } | undefined) : null;
        if (details?.errors?.length) {
          setCalcErrors(details.errors.map((e) => e.message));
          message.error(`测算未通过：${errorMessage(err)}`);
          return;
        }
        throw err;
      } finally {
        await reload();
      }
    });

  /** A change to the inputs (back to 草稿 when the batch was further on), then 测算 again if it had been run. */
  const saveInputs = async (body: Record<string, unknown>, what: string) => {
    const wasCalculated = batch.status !== 'DRAFT';
    const res = await patch<TBatchDetail>(url, { version: batch.version, ...body });
    message.success(`${what}已保存`);
    if (wasCalculated) await calculate(res.version);
    else await reload();
  };

  const submit = () =>
    modal.confirm({
      title: `${batch.name}送审？`,
      content: `分配合计 ${formatMoney(batch.totals?.payout)}（${batch.lines.length} 行）送业务管理员审核。审核期间修改任何内容都会退回草稿。`,
      okText: '确认送审',
      cancelText: '取消',
      onOk: () =>
        run('submit', async () => {
          await post(`${url}/submit`, { version: batch.version });
          message.success(`${batch.name}已送审`);
          await reload();
        }),
    });

  const approve = (r: TReviewRow) =>
    modal.confirm({
      title: `审核通过「${r.title}」？`,
      content: '通过后，经营会计即可在【项目流程】发起该批次的分配审批流程。',
      okText: '审核通过',
      cancelText: '取消',
      onOk: () =>
        run('approve', async () => {
          await post(`/api/reviews/${r.id}/approve`, { version: r.version });
          message.success(`${batch.name}已审核通过`);
          await reload();
        }),
    });

  const lock = () =>
    modal.confirm({
      title: `锁定${batch.name}？`,
      content: '锁定后该批次只读，不能再修改。',
      okText: '锁定',
      cancelText: '取消',
      onOk: () =>
        run('lock', async () => {
          await post(`${url}/lock`, { version: batch.version });
          message.success(`${batch.name}已锁定`);
          await reload();
        }),
    });

  const exportExcel = () =>
    run('export', async () => {
      await download(`${url}/export`, `${batch.name}.xlsx`);
    });

  const removeAdjustment = (i: number) =>
    run('adj', () => saveInputs({ adjustments: batch.adjustments.filter((_a, j) => j !== i) }, '其它调整（删除）'));
  const removeOverride = (i: number) =>
    run('ovr', () =>
      saveInputs({ interestOverrides: batch.interestOverrides.filter((_a, j) => j !== i) }, '资金利息修改（撤销）'),
    );

  const financingUsed = financingOn(batch);
  const removeFinancing = (i: number) =>
    run('fin', () => saveInputs({ financing: batch.financing.filter((_a, j) => j !== i) }, '配资（删除）'));

  const nameOf = (level: TLevel, userId: number | null) =>
    userId === null
      ? `平台公司（${LEVEL_LABEL[level]}）`
      : `${holdings.find((h) => h.userId === userId && h.level === level)?.name ?? batch.lines.find((l) => l.userId === userId)?.name ?? `#${userId}`}（${LEVEL_LABEL[level]}）`;

  return (
    <div data-testid="batch-panel">
      <div className="toolbar">
        <div className="toolbar-left">
          <Space size={12} wrap>
            <b>{batch.name}</b>
            <BatchStatusTag status={batch.status} />
            {batch.mode === 'MANUAL' && <Tag color="magenta">手动-非测算</Tag>}
            <span className="muted">
              分配日期 <span className="num">{batch.date}</span>
            </span>
            {batch.calculatedAt && (
              <span className="muted">
                测算时间 <span className="num">{formatDateTime(batch.calculatedAt)}</span>
              </span>
            )}
          </Space>
        </div>
        <div className="toolbar-right">
          <Space wrap>
            {editable && batch.mode === 'COMPUTED' && (batch.status === 'DRAFT' || batch.status === 'CALCULATED') && (
              <Button
                type={batch.status === 'DRAFT' ? 'primary' : 'default'}
                icon={<CalculatorOutlined />}
                loading={busy === 'calc'}
                onClick={() => void calculate()}
                data-testid="batch-calculate"
              >
                测算
              </Button>
            )}
            {editable && batch.status === 'CALCULATED' && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                loading={busy === 'submit'}
                onClick={submit}
                data-testid="batch-submit"
              >
                送审
              </Button>
            )}
            {pendingReview && (
              <>
                <Button
                  type="primary"
                  icon={<AuditOutlined />}
                  loading={busy === 'approve'}
                  onClick={() => approve(pendingReview)}
                  data-testid="batch-approve"
                >
                  审核通过
                </Button>
                <Button danger onClick={() => setRejecting(pendingReview)}>
                  驳回
                </Button>
              </>
            )}
            {flow && (
              <Button icon={<EyeOutlined />} onClick={() => setViewFlow(flow)} data-testid="batch-view-bpm">
                查看BPM
              </Button>
            )}
            {batch.lines.length > 0 && (
              <Button icon={<DownloadOutlined />} loading={busy === 'export'} onClick={exportExcel}>
                导出Excel
              </Button>
            )}
            {editable && batch.status === 'NOTIFIED' && (
              <Button
                type="primary"
                icon={<PayCircleOutlined />}
                onClick={() => setPaying(true)}
                data-testid="batch-payouts"
              >
                发放登记
              </Button>
            )}
            {editable && batch.status === 'PAID' && (
              <Button icon={<LockOutlined />} loading={busy === 'lock'} onClick={lock} data-testid="batch-lock">
                锁定
              </Button>
            )}
          </Space>
        </div>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={nextStep(batch)} data-testid="batch-next" />
      {calcErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title="测算未通过"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {calcErrors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          }
          data-testid="batch-calc-errors"
        />
      )}
      {batch.warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={batch.warnings.join('；')}
          data-testid="batch-warnings"
        />
      )}
      {batch.mode === 'COMPUTED' ? (
        <SettingsForm
          batch={batch}
          canEdit={canEdit}
          onSave={(body) => run('settings', () => saveInputs(body, '分配设置'))}
          saving={busy === 'settings'}
        />
      ) : (
        <ManualEditor
          key={`${batch.id}-${batch.version}`}
          projectId={projectId}
          batch={batch}
          editable={editable}
          reviewer={reviewer}
          holdings={holdings}
          reload={reload}
        />
      )}
      {(batch.adjustments.length > 0 || batch.interestOverrides.length > 0 || batch.financing.length > 0) && (
        <div className="dist-adjustments" data-testid="batch-adjustments">
          <div className="biz-section-title">调整项</div>
          {batch.adjustments.map((a, i) => (
            <div key={`a${i}`} className="dist-adjustment">
              <Tag>其它</Tag>
              {nameOf(a.level, a.userId)} <Money value={a.amount} /> <span className="muted">{a.reason}</span>
              {canEdit && (
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label="删除该调整"
                  onClick={() => removeAdjustment(i)}
                />
              )}
            </div>
          ))}
          {batch.interestOverrides.map((o, i) => (
            <div key={`o${i}`} className="dist-adjustment">
              <Tag>资金利息</Tag>
              {nameOf(o.level, o.userId)} 改为 <Money value={o.amount} /> <span className="muted">{o.reason}</span>
              {canEdit && (
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label="撤销该修改"
                  onClick={() => removeOverride(i)}
                />
              )}
            </div>
          ))}
          {batch.financing.map((f, i) => (
            <div key={`f${i}`} className="dist-adjustment">
              <Tag>配资</Tag>
              {nameOf(f.level, f.userId)}{' '}
              {f.amount !== undefined ? <Money value={f.amount} /> : `实缴的 ${formatPercent(f.share ?? '0', 2)}`}
              {!financingUsed && <span className="muted">（本批次不按配资额计息，未使用）</span>}
              {canEdit && (
                <Button
                  type="link"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label="删除该配资"
                  onClick={() => removeFinancing(i)}
                />
              )}
            </div>
          ))}
        </div>
      )}
      <LinesTable
        batch={batch}
        canEditLines={canEdit && batch.mode === 'COMPUTED' && batch.kind !== 'PROFIT'}
        onEdit={(line, what) => setLineEdit({ line, what })}
      />
      {batch.levels.length > 0 && <LevelsTable batch={batch} />}
      {lineEdit?.what === 'financing' && (
        <FinancingModal
          batch={batch}
          line={lineEdit.line}
          onClose={() => setLineEdit(null)}
          onSave={async (body, what) => {
            setLineEdit(null);
            await run('line', () => saveInputs(body, what));
          }}
        />
      )}
      {lineEdit && lineEdit.what !== 'financing' && (
        <LineEditModal
          batch={batch}
          line={lineEdit.line}
          what={lineEdit.what}
          onClose={() => setLineEdit(null)}
          onSave={async (body, what) => {
            setLineEdit(null);
            await run('line', () => saveInputs(body, what));
          }}
        />
      )}
      {paying && (
        <PayoutModal
          projectId={projectId}
          batch={batch}
          onClose={() => setPaying(false)}
          onDone={async () => {
            setPaying(false);
            await reload();
          }}
        />
      )}
      {viewFlow && <FlowView flow={viewFlow} onClose={() => setViewFlow(null)} />}
      {rejecting && (
        <RejectModal
          review={rejecting}
          onClose={() => setRejecting(null)}
          onDone={async () => {
            setRejecting(null);
            await reload();
          }}
        />
      )}
    </div>
  );
}

/** A percentage input 100 px wide (Form.Item hands it value and onChange). */
const NarrowPct = (props: Parameters<typeof PctInput>[0]) => (
  <div style={{ width: 100 }}>
    <PctInput {...props} />
  </div>
);

type SettingsValues = {
  date: Dayjs;
  actualPeak?: string | null;
  interestEnabled?: boolean;
  annualRatePct?: string | null;
  base?: 'ALL' | 'FINANCED';
  dayCount?: 'ACT/365' | 'ACT/360';
  taxRatePct?: string | null;
  profitMode: 'ENTERED' | 'COMPUTED';
  profitAmount?: string | null;
  profitCeiling?: string | null;
  projectProfit?: string | null;
  batchRatioPct?: string | null;
  distributedBeforePct?: string | null;
  profitSplit?: 'PRINCIPAL' | 'PRINCIPAL_DAYS';
};

function SettingsForm({
  batch,
  canEdit,
  onSave,
  saving,
}: {
  batch: TBatchDetail;
  canEdit: boolean;
  onSave: (body: Record<string, unknown>) => void;
  saving: boolean;
}) {
  const [form] = Form.useForm<SettingsValues>();
  const s = batch.settings;
  const p = batch.profit;
  const hasPrincipal = batch.kind !== 'PROFIT';
  const hasProfit = batch.kind !== 'PRINCIPAL';
  const initial: SettingsValues = {
    date: dayjs(batch.date),
    actualPeak: batch.actualPeak,
    interestEnabled: s.interest.enabled,
    annualRatePct: ratioToPct(s.interest.annualRate),
    base: s.interest.base,
    dayCount: s.interest.dayCount,
    taxRatePct: ratioToPct(s.taxRate),
    profitMode: p?.mode ?? 'ENTERED',
    profitAmount: p?.mode === 'ENTERED' ? p.amount : null,
    profitCeiling: p?.mode === 'ENTERED' ? (p.ceiling ?? null) : null,
    projectProfit: p?.mode === 'COMPUTED' ? p.projectProfit : null,
    batchRatioPct: p?.mode === 'COMPUTED' ? ratioToPct(p.batchRatio) : null,
    distributedBeforePct: p?.mode === 'COMPUTED' ? ratioToPct(p.distributedRatioBefore) : null,
    profitSplit: s.profitSplit,
  };
  const interestOn = Form.useWatch('interestEnabled', form) ?? initial.interestEnabled;
  const profitMode = Form.useWatch('profitMode', form) ?? initial.profitMode;
  const [dirty, setDirty] = useState(false);

  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    // fields a kind does not show keep the batch's values
    const settings: TDistributionSettings = {
      interest: {
        enabled: v.interestEnabled ?? s.interest.enabled,
        annualRate: pctToRatio(v.annualRatePct) ?? s.interest.annualRate,
        base: v.base ?? s.interest.base,
        dayCount: v.dayCount ?? s.interest.dayCount,
      },
      profitSplit: v.profitSplit ?? s.profitSplit,
      taxRate: pctToRatio(v.taxRatePct) ?? s.taxRate,
    };
    const body: Record<string, unknown> = { date: v.date.format('YYYY-MM-DD'), settings };
    if (batch.kind === 'PRINCIPAL') body.actualPeak = v.actualPeak || null;
    if (hasProfit)
      body.profit =
        v.profitMode === 'ENTERED'
          ? { mode: 'ENTERED', amount: v.profitAmount, ceiling: v.profitCeiling || null }
          : {
              mode: 'COMPUTED',
              projectProfit: v.projectProfit,
              batchRatio: pctToRatio(v.batchRatioPct),
              ...(v.distributedBeforePct ? { distributedRatioBefore: pctToRatio(v.distributedBeforePct) } : {}),
            };
    onSave(body);
    setDirty(false);
  };

  const ro = !canEdit;
  const readonlyView = (
    <Descriptions
      size="small"
      bordered
      column={4}
      className="dist-settings-view"
      items={[
        { key: 'date', label: '分配日期', children: <span className="num">{batch.date}</span> },
        ...(batch.kind === 'PRINCIPAL'
          ? [{ key: 'peak', label: '资金峰值-实际', children: <Money value={batch.actualPeak} /> }]
          : []),
        ...(hasPrincipal
          ? [
              {
                key: 'int',
                label: '资金利息',
                children: s.interest.enabled
                  ? `年利率 ${formatRatio(s.interest.annualRate)}，${s.interest.base === 'ALL' ? '按实缴本金' : '按配资额'}，${s.interest.dayCount}`
                  : '不计',
              },
            ]
          : []),
        ...(hasProfit
          ? [
              {
                key: 'p',
                label: '本次利润总额',
                children: batch.profitTotal ? (
                  <Money value={batch.profitTotal} />
                ) : p?.mode === 'ENTERED' ? (
                  <Money value={p.amount} />
                ) : p?.mode === 'COMPUTED' ? (
                  `项目利润 ${formatMoney(p.projectProfit)} × 合伙占比 × ${formatRatio(p.batchRatio, 3)}`
                ) : (
                  '未填写'
                ),
              },
              { key: 'tax', label: '代扣税率', children: formatRatio(s.taxRate) },
              {
                key: 'split',
                label: '分配依据',
                children: s.profitSplit === 'PRINCIPAL' ? '按出资本金' : '按本金 × 持有天数',
              },
            ]
          : []),
      ]}
    />
  );
  if (ro) return <div style={{ marginBottom: 12 }}>{readonlyView}</div>;

  return (
    <Form<SettingsValues>
      form={form}
      layout="inline"
      className="dist-settings"
      initialValues={initial}
      onValuesChange={() => setDirty(true)}
      data-testid="batch-settings"
    >
      <Form.Item name="date" label="分配日期" rules={[{ required: true, message: '请选择分配日期' }]}>
        <DatePicker allowClear={false} style={{ width: 140 }} aria-label="分配日期" />
      </Form.Item>
      {batch.kind === 'PRINCIPAL' && (
        <Form.Item name="actualPeak" label="资金峰值-实际" tooltip="实际资金峰值确认流程的表单内容">
          <MoneyInput style={{ width: 180 }} aria-label="资金峰值-实际" />
        </Form.Item>
      )}
      {hasPrincipal && (
        <>
          <Form.Item name="interestEnabled" label="资金利息" valuePropName="checked">
            <Switch checkedChildren="计" unCheckedChildren="不计" aria-label="资金利息" />
          </Form.Item>
          <Form.Item name="annualRatePct" label="年利率" rules={[{ required: interestOn, message: '请填写年利率' }]}>
            <NarrowPct disabled={!interestOn} />
          </Form.Item>
          <Form.Item name="base" label="计息基数">
            <Select
              style={{ width: 130 }}
              disabled={!interestOn}
              // 配资额: each partner's financed part is entered per line (配资) after 测算
              options={[
                { value: 'ALL', label: '实缴本金' },
                { value: 'FINANCED', label: '配资额' },
              ]}
            />
          </Form.Item>
          <Form.Item name="dayCount" label="计息天数">
            <Select
              style={{ width: 110 }}
              disabled={!interestOn}
              options={[
                { value: 'ACT/365', label: 'ACT/365' },
                { value: 'ACT/360', label: 'ACT/360' },
              ]}
            />
          </Form.Item>
        </>
      )}
      {hasProfit && (
        <>
          <Form.Item name="profitMode" label="利润总额">
            <Radio.Group
              optionType="button"
              size="small"
              options={[
                { value: 'ENTERED', label: '直接录入 P' },
                { value: 'COMPUTED', label: '项目利润 × 比例' },
              ]}
            />
          </Form.Item>
          {profitMode === 'ENTERED' ? (
            <>
              <Form.Item name="profitAmount" label="P" rules={[{ required: true, message: '请填写本次利润总额' }]}>
                <MoneyInput style={{ width: 170 }} aria-label="本次利润总额" />
              </Form.Item>
              <Form.Item name="profitCeiling" label="上限">
                <MoneyInput style={{ width: 150 }} aria-label="利润上限" placeholder="可不填" />
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item name="projectProfit" label="项目利润" rules={[{ required: true, message: '请填写项目利润' }]}>
                <MoneyInput style={{ width: 170 }} aria-label="项目利润" />
              </Form.Item>
              <Form.Item
                name="batchRatioPct"
                label="本次分配比例"
                rules={[{ required: true, message: '请填写本次分配比例' }]}
              >
                <NarrowPct />
              </Form.Item>
              <Form.Item name="distributedBeforePct" label="此前已分配比例">
                <NarrowPct />
              </Form.Item>
            </>
          )}
          <Form.Item name="taxRatePct" label="代扣税率" rules={[{ required: true, message: '请填写代扣税率' }]}>
            <NarrowPct />
          </Form.Item>
          <Form.Item name="profitSplit" label="分配依据">
            <Select
              style={{ width: 150 }}
              options={[
                { value: 'PRINCIPAL', label: '按出资本金' },
                { value: 'PRINCIPAL_DAYS', label: '按本金 × 持有天数' },
              ]}
            />
          </Form.Item>
        </>
      )}
      <Form.Item>
        <Tooltip title={batch.status === 'DRAFT' ? null : '保存后批次退回草稿并重新测算（已送审、已审核的须重新送审）'}>
          <Button
            icon={<SaveOutlined />}
            onClick={() => void save()}
            loading={saving}
            disabled={!dirty}
            data-testid="batch-settings-save"
          >
            保存设置
          </Button>
        </Tooltip>
      </Form.Item>
    </Form>
  );
}

const moneyCol = (
  title: ReactNode,
  key: keyof TBatchLine & keyof NonNullable<TBatchDetail['totals']>,
  width = 130,
): ColumnsType<TBatchLine>[number] => ({
  title,
  dataIndex: key,
  key,
  width,
  align: 'right',
  render: (v: string) => <Money value={v} />,
});

const head = (letter: string, name: string, sub?: string) => (
  <div className="dist-col-head">
    <div className="dist-col-letter">{letter}</div>
    <div>{name}</div>
    {sub && <div className="dist-col-sub">{sub}</div>}
  </div>
);

function LinesTable({
  batch,
  canEditLines,
  onEdit,
}: {
  batch: TBatchDetail;
  canEditLines: boolean;
  onEdit: (line: TBatchLine, what: LineEditKind) => void;
}) {
  const profitTitle = batch.kind === 'PROFIT' ? `第${batch.seq}次利润` : '利润';
  // a computed batch fills only its kind's columns (本金分配: A…E; 第N次利润分配: F and tax); typed and 清算 show all
  const hidden: string[] =
    batch.mode === 'MANUAL' || batch.kind === 'CLEARING'
      ? []
      : batch.kind === 'PRINCIPAL'
        ? ['profit', 'tax', 'profitNet']
        : ['principal', 'interest', 'other', 'principalNet', 'principalTotal', 'totalExclOther'];
  const shownKey = (key: string) => !hidden.includes(key);
  const all: ColumnsType<TBatchLine> = [
    {
      title: '序号',
      dataIndex: 'seq',
      key: 'seq',
      width: 56,
      align: 'center',
      fixed: 'left',
      render: (v: number) => <span className="num">{v}</span>,
    },
    {
      title: '姓名',
      key: 'name',
      width: 150,
      fixed: 'left',
      render: (_v, l) => (
        <span className="dist-name">
          {l.holder === 'PLATFORM' ? <Tag color="blue">平台公司</Tag> : l.name}
          <MarkTags marks={l.marks} />
          {l.excluded && (
            <Tooltip title={l.excluded}>
              <Tag>不参与</Tag>
            </Tooltip>
          )}
        </span>
      ),
    },
    { title: '层级', dataIndex: 'level', key: 'level', width: 90, render: (v: TLevel) => LEVEL_LABEL[v] },
    moneyCol(head('A', '事业合伙本金'), 'principal'),
    {
      ...moneyCol(head('B', '资金利息'), 'interest', 140),
      render: (v: string, l) =>
        l.interestOverrideReason ? (
          <Tooltip title={`测算值 ${formatMoney(l.interestComputed)}；修改原因：${l.interestOverrideReason}`}>
            <span className="dist-overridden">
              <Money value={v} />*
            </span>
          </Tooltip>
        ) : (
          <Money value={v} />
        ),
    },
    {
      ...moneyCol(head('C', '其它'), 'other', 120),
      render: (v: string, l) =>
        l.otherItems.length ? (
          <Tooltip title={l.otherItems.map((o) => `${formatMoney(o.amount)} ${o.reason}`).join('；')}>
            <span className="dist-overridden">
              <Money value={v} />*
            </span>
          </Tooltip>
        ) : (
          <Money value={v} />
        ),
    },
    moneyCol(head('D', '本金分配', 'D=A+B 不含其它'), 'principalNet', 140),
    moneyCol(head('E', '本金分配', 'E=D+C 含其它'), 'principalTotal', 140),
    moneyCol(head('F', profitTitle, '税前'), 'profit'),
    moneyCol(head('', '代扣税'), 'tax', 120),
    moneyCol(head('', '实发利润'), 'profitNet'),
    moneyCol(head('', '分配合计', '不含其它 D+F'), 'totalExclOther', 140),
    {
      title: '通知 / 发放',
      key: 'state',
      width: 110,
      render: (_v, l) =>
        l.paidAt ? (
          <Tag color="purple">已发放 {l.paidAt.slice(5)}</Tag>
        ) : l.noticeSentAt ? (
          <Tag color="geekblue">已通知</Tag>
        ) : (
          ''
        ),
    },
    {
      ...moneyCol(head('', '分配合计', '本批实发'), 'payout', 140),
      fixed: 'right',
      render: (v: string) => (
        <b>
          <Money value={v} />
        </b>
      ),
    },
  ];
  const columns = all.filter((c) => shownKey(String(c.key)));
  if (canEditLines)
    columns.push({
      title: '调整',
      key: 'op',
      width: financingOn(batch) ? 190 : 130,
      fixed: 'right',
      render: (_v, l) =>
        l.excluded ? null : (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              icon={<PlusOutlined />}
              onClick={() => onEdit(l, 'other')}
              aria-label={`其它 ${l.name}`}
            >
              其它
            </Button>
            {l.holder === 'PARTNER' && (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => onEdit(l, 'interest')}
                aria-label={`改利息 ${l.name}`}
              >
                利息
              </Button>
            )}
            {l.holder === 'PARTNER' && financingOn(batch) && (
              <Button
                type="link"
                size="small"
                icon={<EditOutlined />}
                onClick={() => onEdit(l, 'financing')}
                aria-label={`配资 ${l.name}`}
              >
                配资
              </Button>
            )}
          </Space>
        ),
    });
  const t = batch.totals;
  const isTotal = (k: string): k is keyof NonNullable<TBatchDetail['totals']> => !!t && k in t;
  return (
    <Table<TBatchLine>
      className="biz-table dist-table"
      rowKey="id"
      size="small"
      bordered
      columns={columns}
      dataSource={batch.lines}
      pagination={false}
      scroll={{ x: 'max-content', y: 560 }}
      rowClassName={(l) => (l.holder === 'PLATFORM' ? 'biz-platform-row' : l.excluded ? 'dist-excluded-row' : '')}
      data-testid="batch-lines"
      locale={{
        emptyText:
          batch.mode === 'MANUAL'
            ? '尚无明细：解锁编辑后录入或导入分配明细并保存'
            : batch.status === 'DRAFT'
              ? '尚未测算：填写设置后点击【测算】'
              : '无明细',
      }}
      summary={() =>
        t ? (
          <Table.Summary fixed>
            <Table.Summary.Row className="biz-summary-row" data-testid="batch-total-row">
              <Table.Summary.Cell index={0} colSpan={3}>
                合计（{batch.lines.length} 行）
              </Table.Summary.Cell>
              {columns.slice(3).map((c, i) => {
                const k = String(c.key);
                return (
                  <Table.Summary.Cell key={k} index={3 + i} align="right">
                    {isTotal(k) ? (
                      k === 'payout' ? (
                        <b>
                          <Money value={t[k]} />
                        </b>
                      ) : (
                        <Money value={t[k]} />
                      )
                    ) : null}
                  </Table.Summary.Cell>
                );
              })}
            </Table.Summary.Row>
          </Table.Summary>
        ) : null
      }
    />
  );
}

/** The BPM form's per-level table (控股集团 / 置业集团 / 城市公司 / 其它, 合计). */
function LevelsTable({ batch }: { batch: TBatchDetail }) {
  return (
    <div style={{ marginTop: 16 }}>
      <div className="biz-section-title">本次分配信息（分层级，流程表单）</div>
      <Table
        size="small"
        bordered
        pagination={false}
        rowKey="level"
        style={{ maxWidth: 560 }}
        dataSource={batch.levels}
        rowClassName={(r) => (r.level === 'TOTAL' ? 'biz-summary-row' : '')}
        columns={[
          { title: '类别', dataIndex: 'label' },
          {
            title: '合伙投资占比',
            dataIndex: 'ratio',
            align: 'right',
            render: (v: string) => <span className="num">{formatRatio(v, 3)}</span>,
          },
          { title: '本次总额', dataIndex: 'amount', align: 'right', render: (v: string) => <Money value={v} /> },
        ]}
      />
    </div>
  );
}

function LineEditModal({
  batch,
  line,
  what,
  onClose,
  onSave,
}: {
  batch: TBatchDetail;
  line: TBatchLine;
  what: Exclude<LineEditKind, 'financing'>;
  onClose: () => void;
  onSave: (body: Record<string, unknown>, what: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ amount?: string | null; reason?: string }>();
  const ref = { level: line.level, userId: line.userId };
  const same = (a: { level: string; userId: number | null }) => a.level === ref.level && a.userId === ref.userId;
  const existing = what === 'interest' ? batch.interestOverrides.find(same) : undefined;
  const name = line.holder === 'PLATFORM' ? `平台公司（${LEVEL_LABEL[line.level]}）` : line.name;
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const item = { ...ref, amount: moneyString(v.amount ?? '0'), reason: (v.reason ?? '').trim() };
    if (what === 'other') await onSave({ adjustments: [...batch.adjustments, item] }, `${name}的其它调整`);
    else
      await onSave(
        { interestOverrides: [...batch.interestOverrides.filter((o) => !same(o)), item] },
        `${name}的资金利息`,
      );
  };
  return (
    <Modal
      open
      title={what === 'other' ? `其它调整 · ${name}` : `修改资金利息 · ${name}`}
      okText="保存并重新测算"
      cancelText="取消"
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      {what === 'interest' && (
        <div className="muted" style={{ marginBottom: 12 }}>
          测算值 {formatMoney(line.interestComputed ?? line.interest)}。资金利息为扣减项，应为 0 或负数。
        </div>
      )}
      {what === 'other' && line.otherItems.length > 0 && (
        <div className="muted" style={{ marginBottom: 12 }}>
          已有：{line.otherItems.map((o) => `${formatMoney(o.amount)} ${o.reason}`).join('；')}
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={existing ? { amount: existing.amount, reason: existing.reason } : undefined}
      >
        <Form.Item
          name="amount"
          label={what === 'other' ? '金额（正数为增加，负数为扣减）' : '资金利息'}
          rules={[
            { required: true, message: '请填写金额' },
            {
              validator: async (_r, v: string | null | undefined) => {
                if (v === null || v === undefined || v === '') return;
                if (!/^-?\d+(\.\d{1,2})?$/.test(v)) throw new Error('金额应精确到分');
                if (what === 'interest' && dec(v).greaterThan(0)) throw new Error('资金利息应为 0 或负数');
              },
            },
          ]}
        >
          <MoneyInput min="-999999999999" aria-label="金额" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={what === 'other' ? '调整原因' : '修改原因'}
          rules={[{ required: true, whitespace: true, message: '请填写原因' }]}
        >
          <Input.TextArea rows={2} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type LineEditKind = 'other' | 'interest' | 'financing';

/** 资金利息 is computed on the financed part (配资额), so each partner's 配资 is entered per line. */
const financingOn = (batch: TBatchDetail) =>
  batch.settings.interest.enabled && batch.settings.interest.base === 'FINANCED';

/** 配资 of one line: the part of the partner's principal the company financed, as an amount (≤ 实缴) or a share. */
function FinancingModal({
  batch,
  line,
  onClose,
  onSave,
}: {
  batch: TBatchDetail;
  line: TBatchLine;
  onClose: () => void;
  onSave: (body: Record<string, unknown>, what: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ by: 'amount' | 'share'; amount?: string | null; sharePct?: string | null }>();
  const by = Form.useWatch('by', form);
  const same = (a: { level: string; userId: number | null }) => a.level === line.level && a.userId === line.userId;
  const existing = batch.financing.find(same);
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const ref = { level: line.level, userId: line.userId };
    const item =
      v.by === 'amount'
        ? { ...ref, amount: moneyString(v.amount ?? '0') }
        : { ...ref, share: pctToRatio(v.sharePct) ?? '0' };
    await onSave({ financing: [...batch.financing.filter((f) => !same(f)), item] }, `${line.name}的配资`);
  };
  return (
    <Modal
      open
      title={`配资 · ${line.name}`}
      okText="保存并重新测算"
      cancelText="取消"
      onOk={() => void save()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div className="muted" style={{ marginBottom: 12 }}>
        实缴本金 {formatMoney(line.principal)}。资金利息只按公司配资（垫资）部分计算，每笔实缴按同一比例计息。
      </div>
      <Form
        form={form}
        layout="vertical"
        initialValues={
          existing?.share !== undefined
            ? { by: 'share', sharePct: ratioToPct(existing.share) }
            : { by: 'amount', amount: existing?.amount ?? null }
        }
      >
        <Form.Item name="by" label="填写方式">
          <Radio.Group
            options={[
              { value: 'amount', label: '按金额' },
              { value: 'share', label: '按比例' },
            ]}
          />
        </Form.Item>
        {by === 'share' ? (
          <Form.Item
            name="sharePct"
            label="配资比例（占每笔实缴）"
            rules={[
              { required: true, message: '请填写配资比例' },
              {
                validator: async (_r, v: string | null | undefined) => {
                  if (v === null || v === undefined || v === '') return;
                  if (!/^\d+(\.\d{1,4})?$/.test(String(v)) || dec(String(v)).greaterThan(100))
                    throw new Error('配资比例应在 0 到 100% 之间（最多四位小数）');
                },
              },
            ]}
          >
            <PctInput />
          </Form.Item>
        ) : (
          <Form.Item
            name="amount"
            label="配资金额"
            rules={[
              { required: true, message: '请填写配资金额' },
              {
                validator: async (_r, v: string | null | undefined) => {
                  if (v === null || v === undefined || v === '') return;
                  if (!/^\d+(\.\d{1,2})?$/.test(v)) throw new Error('配资金额应为不小于 0 的金额，精确到分');
                  if (dec(v).greaterThan(line.principal))
                    throw new Error(`配资金额不能大于实缴本金 ${formatMoney(line.principal)}`);
                },
              },
            ]}
          >
            <MoneyInput min="0" aria-label="配资金额" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

/** 发放登记: the lines paid on a date — partners only to a confirmed 分配账户 (the others are listed, not picked). */
function PayoutModal({
  projectId,
  batch,
  onClose,
  onDone,
}: {
  projectId: number;
  batch: TBatchDetail;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { message, modal } = App.useApp();
  const accounts = useRequest(
    () => get<TDistributionAccountRow[]>(`/api/projects/${projectId}/distribution-accounts`),
    [projectId],
  );
  const confirmed = new Set((accounts.data ?? []).filter((a) => a.status === 'CONFIRMED').map((a) => a.userId));
  const payable = batch.lines.filter((l) => !l.paidAt && dec(l.payout).greaterThan(0));
  const ready = payable.filter((l) => l.userId === null || confirmed.has(l.userId));
  const missing = payable.filter((l) => l.userId !== null && !confirmed.has(l.userId));
  const [paidOn, setPaidOn] = useState<Dayjs>(dayjs(shanghaiDay()));
  const [picked, setPicked] = useState<number[] | null>(null);
  const selected = picked ?? ready.map((l) => l.id);
  const [saving, setSaving] = useState(false);
  const [importing, setImporting] = useState(false);
  const base = `/api/projects/${projectId}/distributions/${batch.id}`;
  /** 导入银行发放结果: the lines the bank paid are registered (a repeated file changes nothing); failures listed. */
  const importResults = async (file: File) => {
    setImporting(true);
    try {
      const fd = new FormData();
      fd.append('file', file);
      const res = await api<TPayoutImportResult>('POST', `${base}/payout-results`, fd, { version: batch.version });
      message.success(
        `银行发放结果已导入：登记 ${res.registered} 行${res.alreadyPaid ? `，${res.alreadyPaid} 行此前已登记` : ''}${res.failed.length ? `，${res.failed.length} 行未成功` : ''}`,
      );
      if (res.failed.length)
        modal.warning({
          title: `${res.failed.length} 行银行未发放成功，未登记`,
          content: res.failed.map((f) => `第 ${f.row} 行 ${f.name}：${f.note}`).join('；'),
          okText: '知道了',
        });
      await onDone();
    } catch (err) {
      const d = err instanceof ApiError ? (err.details as { errors?: { message: string }[] } | undefined) : undefined;
      message.error(
        d?.errors?.length ? `导入文件有误：${d.errors.map((e) => e.message).join('；')}` : errorMessage(err),
      );
    } finally {
      setImporting(false);
    }
  };
  const submit = async () => {
    setSaving(true);
    try {
      const res = await post<TBatchDetail>(`/api/projects/${projectId}/distributions/${batch.id}/payouts`, {
        version: batch.version,
        paidOn: paidOn.format('YYYY-MM-DD'),
        lineIds: selected,
      });
      message.success(
        res.status === 'PAID'
          ? `已登记发放 ${selected.length} 行，${batch.name}已全部发放`
          : `已登记发放 ${selected.length} 行`,
      );
      await onDone();
    } catch (err) {
      await handleSaveError(err, { message, reload: onDone });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={760}
      title={`发放登记 · ${batch.name}`}
      okText="登记发放"
      cancelText="取消"
      okButtonProps={{ disabled: !selected.length, icon: <CheckCircleOutlined /> }}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <LoadError error={accounts.error} what="分配账户" onRetry={accounts.reload} />
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="payout-missing"
          title={`${missing.length} 位合伙人的分配账户尚未确认，暂不能登记发放：${missing.map((l) => l.name).join('、')}`}
          description="请在【分配账户】中登记账户并发送确认通知，合伙人确认后再登记。全部行发放后批次才变为「已发放」。"
        />
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <span className="muted">按银行回单导入：</span>
        <Button
          size="small"
          icon={<DownloadOutlined />}
          onClick={() =>
            void download(`${base}/payout-results/template`, `${batch.name}-发放结果模板.xlsx`).catch((e: unknown) =>
              message.error(errorMessage(e)),
            )
          }
        >
          导出模板
        </Button>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void importResults(file);
            return false;
          }}
        >
          <Button size="small" icon={<UploadOutlined />} loading={importing}>
            导入发放结果
          </Button>
        </Upload>
      </Space>
      <Space style={{ marginBottom: 12 }}>
        <span>发放日期</span>
        <DatePicker value={paidOn} allowClear={false} onChange={(d) => d && setPaidOn(d)} aria-label="发放日期" />
        <span className="muted">
          本次登记 {selected.length} 行，合计{' '}
          <b className="num">
            {formatMoney(sumMoney(payable.filter((l) => selected.includes(l.id)).map((l) => l.payout)))}
          </b>
        </span>
      </Space>
      <Table<TBatchLine>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ y: 360 }}
        dataSource={payable}
        loading={accounts.loading && !accounts.data}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setPicked(keys.map(Number)),
          getCheckboxProps: (l) => ({
            disabled: !(l.userId === null || confirmed.has(l.userId)),
            'aria-label': `选择 ${l.name}`,
          }),
        }}
        columns={[
          {
            title: '姓名',
            key: 'n',
            render: (_v, l) => (l.holder === 'PLATFORM' ? `平台公司（${LEVEL_LABEL[l.level]}）` : l.name),
          },
          {
            title: '分配账户',
            key: 'a',
            width: 120,
            render: (_v, l) =>
              l.userId === null ? (
                <span className="muted">平台公司</span>
              ) : confirmed.has(l.userId) ? (
                <Tag color="green">已确认</Tag>
              ) : (
                <Tag color="red">未确认</Tag>
              ),
          },
          { title: '实发', dataIndex: 'payout', align: 'right', render: (v: string) => <Money value={v} /> },
        ]}
      />
    </Modal>
  );
}
