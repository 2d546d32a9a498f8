/**
 * 立项调整 (峰值变更, quick guide 4.1.1–4.2.2): the accountant drafts a change (new 资金峰值, level ratios, per-person
 * ratio, 股权合作), starts 资金峰值调整 in 项目流程, then 计算 gives each holder's old / new commitment, a line may be
 * edited with a reason, and 送审 sends it to 方案审核. After approval 立项信息变更 in 项目流程 applies it; the 补缴 / 退款
 * it creates are handled in 变更缴款确认. The reviewer sees the same comparison in 方案审核 (`ChangeComparison`).
 */
import {
  CalculatorOutlined,
  CloseOutlined,
  EditOutlined,
  PlusOutlined,
  SaveOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Col, Empty, Form, Input, Row, Select, Space, Steps, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import {
  SCHEME_CHANGE_STATUS_LABEL,
  ZChangeLineEdit,
  ZSchemeChangeInput,
  type ZSchemeChangeSummary,
  type TChangeLine,
  type TSchemeChangeDetail,
  type TSchemeChangeStatus,
} from '../../../../../shared/api/scheme-change';
import { LEVEL_LABEL, type TLevel } from '../../../../../shared/api/labels';
import { formatDateTime } from '../../../../../shared/datetime';
import { dec, formatMoney, formatRatio, sumMoney } from '../../../../../shared/money';
import { LoadError, Money, notReady } from '../../components/table';
import { get, post, put } from '../../lib/api';
import { isVersionConflict, parseWith } from '../../lib/forms';
import { navigate } from '../../lib/router';
import { useRequest } from '../../lib/useRequest';
import {
  clearErrors,
  fieldDetails,
  Figure,
  handleSaveError,
  markFields,
  MoneyInput,
  PctInput,
  pctToRatio,
  ratioToPct,
} from './common';
import {
  LiveCaps,
  markShareholderErrors,
  moveEquityErrors,
  ShareholderRowsField,
  shareholderRowsOf,
  shareholdersOfRows,
  type ShareholderRow,
} from './SetupTab';
import type { z } from 'zod';
import type { TSetup } from '../../../../../shared/api/scheme';

const OPEN: TSchemeChangeStatus[] = [
  'DRAFT',
  'PEAK_FLOW',
  'PEAK_APPROVED',
  'CALCULATED',
  'IN_REVIEW',
  'APPROVED',
  'CHANGE_FLOW',
];
const STEP_OF: Record<TSchemeChangeStatus, number> = {
  DRAFT: 0,
  PEAK_FLOW: 1,
  PEAK_APPROVED: 2,
  CALCULATED: 2,
  IN_REVIEW: 3,
  APPROVED: 4,
  CHANGE_FLOW: 4,
  APPLIED: 5,
  CANCELLED: 0,
};
const STATUS_COLOR: Record<TSchemeChangeStatus, string> = {
  DRAFT: 'default',
  PEAK_FLOW: 'processing',
  PEAK_APPROVED: 'cyan',
  CALCULATED: 'cyan',
  IN_REVIEW: 'gold',
  APPROVED: 'green',
  CHANGE_FLOW: 'processing',
  APPLIED: 'blue',
  CANCELLED: 'default',
};
export const ChangeStatusTag = ({ status }: { status: TSchemeChangeStatus }) => (
  <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }}>
    {SCHEME_CHANGE_STATUS_LABEL[status]}
  </Tag>
);

/** What to do next, by whom, in which screen. */
const NEXT_STEP: Record<TSchemeChangeStatus, string> = {
  DRAFT: '下一步：在【项目流程】发起【资金峰值调整】审批；审批完成前可修改或取消本次变更。',
  PEAK_FLOW: '【资金峰值调整】审批中，钉钉审批完成后即可进行立项调整计算。',
  PEAK_APPROVED: '资金峰值调整已审批通过：请点击【计算】，按新峰值计算各合伙人的认缴金额。',
  CALCULATED: '请核对各合伙人的调整结果（可修改并填写原因），无误后【送审】。',
  IN_REVIEW: '立项调整方案审核中，等待业务管理员审核。',
  APPROVED: '方案已审核通过：请在【项目流程】发起【立项信息变更】审批，审批完成后调整生效。',
  CHANGE_FLOW: '【立项信息变更】审批中，审批完成后新方案生效，并生成补缴 / 退款。',
  APPLIED: '调整已生效：请在【变更缴款确认】发送补缴/退款通知并确认到账 / 退款。',
  CANCELLED: '本次变更已取消。',
};

export type TSchemeChangeSummary = z.infer<typeof ZSchemeChangeSummary>;

export function SchemeChangeTab({
  projectId,
  setup,
  editable,
  onApplied,
}: {
  projectId: number;
  setup: TSetup | undefined;
  editable: boolean;
  onApplied: () => Promise<void>;
}) {
  const { message, modal } = App.useApp();
  const list = useRequest(() => get<TSchemeChangeSummary[]>(`/api/projects/${projectId}/scheme-changes`), [projectId]);
  const [picked, setPicked] = useState<number | null>(null);
  const [formMode, setFormMode] = useState<'new' | 'edit' | null>(null);
  const [busy, setBusy] = useState<'calc' | 'submit' | 'cancel' | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const changes = list.data ?? [];
  const open = changes.find((c) => OPEN.includes(c.status)) ?? null;
  const shownId = picked ?? open?.id ?? changes[changes.length - 1]?.id ?? null;
  const detail = useRequest(
    () => get<TSchemeChangeDetail>(`/api/projects/${projectId}/scheme-changes/${shownId}`),
    [projectId, shownId],
    { skip: shownId === null },
  );
  const d = detail.data && detail.data.id === shownId ? detail.data : undefined;
  const reload = async () => {
    await Promise.all([list.reload(), shownId === null ? undefined : detail.reload()]);
  };
  const wasApplied = d?.status === 'APPLIED';
  useEffect(() => {
    if (wasApplied) void onApplied();
  }, [wasApplied, onApplied]);

  if (!setup?.scheme)
    return <Empty description="请先在【立项 / 立项信息】中填写资金峰值并完成立项，之后才能调整峰值。" />;

  const act = async (what: 'calc' | 'submit' | 'cancel', path: string, done: string) => {
    if (!d) return;
    setBusy(what);
    try {
      await post(`/api/projects/${projectId}/scheme-changes/${d.id}/${path}`, { version: d.version });
      message.success(done);
      setEditing(null);
      await reload();
    } catch (err) {
      await handleSaveError(err, { message, reload });
    } finally {
      setBusy(null);
    }
  };

  const calculate = () => {
    if (!d) return;
    if (d.status === 'CALCULATED')
      modal.confirm({
        title: '重新计算？',
        content: '重新计算会按新峰值重算全部调整结果，已手工修改的金额和原因将被覆盖。',
        okText: '重新计算',
        cancelText: '取消',
        onOk: () => act('calc', 'calculate', '立项调整已重新计算'),
      });
    else void act('calc', 'calculate', '立项调整计算完成');
  };

  const submit = () => {
    if (!d) return;
    const partners = d.lines.filter((l) => l.holder === 'PARTNER');
    const edited = partners.filter((l) => l.edited).length;
    modal.confirm({
      title: '送审立项调整',
      width: 520,
      content: (
        <div>
          将第 {d.seq} 次峰值变更（资金峰值 {formatMoney(d.oldPeakCapital)} →{' '}
          <b className="num">{formatMoney(d.peakCapital)}</b>，{partners.length} 位合伙人
          {edited ? `，其中 ${edited} 行已手工修改` : ''}；补缴 {d.topUps} 人、退款 {d.refunds}{' '}
          人）送业务管理员审核。审核期间不能修改。
        </div>
      ),
      okText: '确认送审',
      cancelText: '取消',
      onOk: () => act('submit', 'submit', '已送审，等待业务管理员审核'),
    });
  };

  const cancel = () => {
    modal.confirm({
      title: '取消本次峰值变更？',
      content: '取消后本次变更不再生效（记录保留并写入系统日志），之后可重新发起变更。',
      okText: '确认取消变更',
      okButtonProps: { danger: true },
      cancelText: '返回',
      onOk: () => act('cancel', 'cancel', '峰值变更已取消'),
    });
  };

  const waiting = notReady(list, '峰值变更');
  if (waiting) return waiting;
  return (
    <div data-testid="scheme-change">
      <div className="toolbar">
        <div className="toolbar-left">
          {changes.length > 0 && (
            <Select
              style={{ minWidth: 300 }}
              value={shownId ?? undefined}
              aria-label="峰值变更"
              data-testid="change-select"
              onChange={(v: number) => {
                setPicked(v);
                setFormMode(null);
                setEditing(null);
              }}
              options={changes.map((c) => ({
                value: c.id,
                label: (
                  <span>
                    第 {c.seq} 次 · {formatMoney(c.oldPeakCapital)} → {formatMoney(c.peakCapital)}{' '}
                    <ChangeStatusTag status={c.status} />
                  </span>
                ),
              }))}
            />
          )}
          {editable && !open && formMode === null && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormMode('new')} data-testid="change-new">
              新建峰值变更
            </Button>
          )}
        </div>
      </div>
      <LoadError error={list.error} what="峰值变更" onRetry={list.reload} />
      <LoadError error={detail.error} what="立项调整" onRetry={detail.reload} />
      {formMode && (
        <ChangeForm
          projectId={projectId}
          setup={setup}
          change={formMode === 'edit' ? d : undefined}
          onClose={() => setFormMode(null)}
          onSaved={async (id) => {
            setFormMode(null);
            setPicked(id);
            await list.reload();
            if (id === shownId) await detail.reload();
          }}
        />
      )}
      {!formMode && !changes.length && !list.loading && (
        <Empty description="该项目还没有峰值变更。资金峰值或层级占比调整时，先在此新建变更，再发起【资金峰值调整】流程。" />
      )}
      {!formMode && d && (
        <>
          <Steps
            size="small"
            className="biz-steps"
            current={STEP_OF[d.status]}
            status={d.status === 'CANCELLED' ? 'error' : undefined}
            items={['变更草稿', '资金峰值调整', '立项调整计算', '方案审核', '立项信息变更', '生效 · 补缴/退款'].map(
              (title) => ({ title }),
            )}
          />
          <Alert
            type={d.status === 'APPLIED' ? 'success' : d.status === 'CANCELLED' ? 'info' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="change-next"
            title={
              <span>
                <ChangeStatusTag status={d.status} /> {NEXT_STEP[d.status]}
              </span>
            }
            action={
              d.status === 'DRAFT' || d.status === 'APPROVED' ? (
                <Button size="small" onClick={() => navigate('business/flows')}>
                  去项目流程
                </Button>
              ) : d.status === 'APPLIED' ? (
                <Button size="small" onClick={() => navigate('business/change-dues')}>
                  去变更缴款确认
                </Button>
              ) : undefined
            }
          />
          {d.review?.status === 'REJECTED' && d.status === 'CALCULATED' && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="change-reject-reason"
              title={`立项调整被驳回${d.review.decidedAt ? `（${formatDateTime(d.review.decidedAt)}）` : ''}：${d.review.reason ?? ''}`}
            />
          )}
          {editable && (
            <Space wrap style={{ marginBottom: 12 }}>
              {d.status === 'DRAFT' && (
                <Button icon={<EditOutlined />} onClick={() => setFormMode('edit')} data-testid="change-edit">
                  修改变更
                </Button>
              )}
              {(d.status === 'PEAK_APPROVED' || d.status === 'CALCULATED') && (
                <Button
                  type="primary"
                  icon={<CalculatorOutlined />}
                  loading={busy === 'calc'}
                  onClick={calculate}
                  data-testid="change-calculate"
                >
                  {d.status === 'CALCULATED' ? '重新计算' : '计算'}
                </Button>
              )}
              {d.status === 'CALCULATED' && (
                <Button
                  icon={<SendOutlined />}
                  loading={busy === 'submit'}
                  onClick={submit}
                  data-testid="change-submit"
                >
                  送审
                </Button>
              )}
              {d.status === 'DRAFT' && (
                <Button danger icon={<StopOutlined />} loading={busy === 'cancel'} onClick={cancel}>
                  取消变更
                </Button>
              )}
              {d.calculatedAt && (
                <span className="muted">
                  计算时间 <span className="num">{formatDateTime(d.calculatedAt)}</span>
                </span>
              )}
            </Space>
          )}
          <ChangeComparison
            change={d}
            editLine={
              editable && d.status === 'CALCULATED'
                ? {
                    editing,
                    setEditing,
                    projectId,
                    reload,
                  }
                : undefined
            }
          />
        </>
      )}
    </div>
  );
}

// ---- the comparison (立项调整 and 方案审核) ----------------------------------------------------------------

interface LineEditing {
  editing: number | null;
  setEditing: (id: number | null) => void;
  projectId: number;
  reload: () => Promise<void>;
}

/** Old vs new terms and caps per level, and (once calculated) every holder's old / new / delta with the reasons. */
export function ChangeComparison({ change: d, editLine }: { change: TSchemeChangeDetail; editLine?: LineEditing }) {
  const lines = d.lines;
  const partners = lines.filter((l) => l.holder === 'PARTNER');
  const calculated = lines.length > 0;
  const columns: ColumnsType<TChangeLine> = [
    {
      title: '持有人 / 层级',
      key: 'who',
      width: 190,
      fixed: 'left',
      render: (_v, l) => (
        <span>
          {l.holder === 'PLATFORM' ? <Tag style={{ marginInlineEnd: 0 }}>平台公司</Tag> : l.user?.name}
          <span className="muted"> · {LEVEL_LABEL[l.level]}</span>
          {l.message && (
            <div className="muted" style={{ fontSize: 12, whiteSpace: 'normal' }}>
              {l.message}
            </div>
          )}
        </span>
      ),
    },
    {
      title: '原认缴',
      dataIndex: 'oldCommitted',
      width: 130,
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    { title: '已实缴', dataIndex: 'paid', width: 120, align: 'right', render: (v: string) => <Money value={v} /> },
    {
      title: '计算结果',
      dataIndex: 'computedCommitted',
      width: 120,
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    {
      title: '调整后认缴',
      key: 'new',
      width: editLine?.editing !== null && editLine?.editing !== undefined ? 280 : 170,
      align: 'right',
      render: (_v, l) =>
        editLine && editLine.editing === l.id ? (
          <ChangeLineEditor
            projectId={editLine.projectId}
            changeId={d.id}
            line={l}
            reload={editLine.reload}
            onDone={async (saved) => {
              editLine.setEditing(null);
              if (saved) await editLine.reload();
            }}
          />
        ) : (
          <span>
            {l.edited && (
              <Tooltip title={`修改原因：${l.editReason ?? ''}${l.editedBy ? `（${l.editedBy}）` : ''}`}>
                <Tag color="orange" style={{ marginRight: 6 }}>
                  已修改
                </Tag>
              </Tooltip>
            )}
            <Money value={l.newCommitted} />
            {l.editReason && (
              <div className="muted" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                {l.editReason}
              </div>
            )}
          </span>
        ),
    },
    {
      title: '变动',
      dataIndex: 'delta',
      width: 120,
      align: 'right',
      render: (v: string) =>
        dec(v).isZero() ? (
          <span className="muted">—</span>
        ) : (
          <span className={`money ${dec(v).isNegative() ? 'biz-neg' : 'biz-pos'}`}>
            {dec(v).isNegative() ? '' : '+'}
            {formatMoney(v)}
          </span>
        ),
    },
    {
      title: '补缴 / 退款',
      key: 'money',
      width: 140,
      render: (_v, l) =>
        dec(l.refund).greaterThan(0) ? (
          <span>
            <Tag color="purple">退款</Tag>
            <Money value={l.refund} />
          </span>
        ) : dec(l.topUp).greaterThan(0) && l.holder === 'PARTNER' ? (
          <span>
            <Tag color="orange">补缴</Tag>
            <Money value={l.topUp} />
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    ...(editLine
      ? [
          {
            title: '操作',
            key: 'op',
            width: 72,
            fixed: 'right' as const,
            render: (_v: unknown, l: TChangeLine) =>
              l.holder === 'PARTNER' && editLine.editing !== l.id ? (
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => editLine.setEditing(l.id)}
                  aria-label={`修改 ${l.user?.name ?? ''} ${LEVEL_LABEL[l.level]}`}
                >
                  修改
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <div data-testid="change-comparison">
      <div className="biz-figures">
        <Figure label="资金峰值（原）">{formatMoney(d.oldPeakCapital)}</Figure>
        <Figure label="资金峰值（新）" tone="red">
          {formatMoney(d.peakCapital)}
        </Figure>
        <Figure label="合伙投资占比">
          {formatRatio(d.old.totalRatio, 3)} → {formatRatio(d.proposed.totalRatio, 3)}
        </Figure>
        <Figure label="单人上限">
          {formatMoney(d.old.personCap, { empty: '不限' })} → {formatMoney(d.proposed.personCap, { empty: '不限' })}
        </Figure>
        {calculated && (
          <Figure label="补缴 / 退款">
            {d.topUps} 人 / {d.refunds} 人
          </Figure>
        )}
      </div>
      {d.reason && (
        <div style={{ marginBottom: 8 }}>
          <span className="muted">变更原因：</span>
          {d.reason}
        </div>
      )}
      <Table
        className="biz-table"
        size="small"
        rowKey="level"
        pagination={false}
        dataSource={d.levels}
        style={{ marginBottom: 16 }}
        data-testid="change-levels"
        columns={[
          { title: '层级', dataIndex: 'level', width: 100, render: (v: TLevel) => LEVEL_LABEL[v] },
          {
            title: '占比（原 → 新）',
            key: 'ratio',
            width: 170,
            align: 'right',
            render: (_v, l) => (
              <span className="num">
                {formatRatio(l.oldRatio, 3)} → {formatRatio(l.newRatio, 3)}
              </span>
            ),
          },
          { title: '原层级上限', dataIndex: 'oldCap', align: 'right', render: (v: string) => <Money value={v} /> },
          {
            title: '新层级上限',
            dataIndex: 'newCap',
            align: 'right',
            render: (v: string) => (
              <b>
                <Money value={v} />
              </b>
            ),
          },
          {
            title: '合伙人（原 → 新）',
            key: 'partners',
            align: 'right',
            render: (_v, l) =>
              l.newPartners === null ? (
                <span className="muted">计算后显示</span>
              ) : (
                <span className="money">
                  {formatMoney(l.oldPartners)} → {formatMoney(l.newPartners)}
                </span>
              ),
          },
          {
            title: '平台公司（原 → 新）',
            key: 'platform',
            align: 'right',
            render: (_v, l) =>
              l.newPlatform === null ? (
                <span className="muted">—</span>
              ) : (
                <span className="money">
                  {formatMoney(l.oldPlatform)} → {formatMoney(l.newPlatform)}
                </span>
              ),
          },
        ]}
      />
      {calculated && (
        <Table<TChangeLine>
          className="biz-table"
          size="middle"
          rowKey="id"
          columns={columns}
          dataSource={lines}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          scroll={{ x: editLine ? 1000 : 930 }}
          data-testid="change-lines"
          rowClassName={(l) => (l.holder === 'PLATFORM' ? 'biz-platform-row' : '')}
          summary={() => (
            <Table.Summary.Row className="biz-summary-row">
              <Table.Summary.Cell index={0}>合伙人合计（{partners.length} 行）</Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Money value={sumMoney(partners.map((l) => l.oldCommitted))} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <Money value={sumMoney(partners.map((l) => l.paid))} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Money value={sumMoney(partners.map((l) => l.computedCommitted))} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} align="right">
                <Money value={sumMoney(partners.map((l) => l.newCommitted))} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={5} align="right">
                <Money value={sumMoney(partners.map((l) => l.delta))} />
              </Table.Summary.Cell>
              <Table.Summary.Cell index={6} colSpan={editLine ? 2 : 1} />
            </Table.Summary.Row>
          )}
        />
      )}
    </div>
  );
}

/** The inline edit of one 立项调整 line: the new commitment and the reason (both required), errors next to them. */
function ChangeLineEditor({
  projectId,
  changeId,
  line,
  onDone,
  reload,
}: {
  projectId: number;
  changeId: number;
  line: TChangeLine;
  onDone: (saved: boolean) => Promise<void>;
  reload: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newCommitted?: string | null; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    clearErrors(form);
    const v = form.getFieldsValue();
    const body = parseWith(form, ZChangeLineEdit, {
      version: line.version,
      newCommitted: v.newCommitted ?? undefined,
      reason: v.reason ?? '',
    });
    if (!body) return;
    setBusy(true);
    try {
      await put(`/api/projects/${projectId}/scheme-changes/${changeId}/lines/${line.id}`, body);
      message.success(`${line.user?.name ?? ''} 的调整后认缴已修改`);
      await onDone(true);
    } catch (err) {
      const details = fieldDetails(err).filter((x) => x.path === 'newCommitted' || x.path === 'reason');
      if (details.length)
        markFields(
          form,
          details.map((x) => ({ name: x.path, errors: [x.message] })),
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
      initialValues={{ newCommitted: line.newCommitted, reason: line.editReason ?? '' }}
      className="biz-line-editor"
      data-testid={`change-line-editor-${line.id}`}
    >
      <Form.Item name="newCommitted">
        <MoneyInput aria-label="调整后认缴" />
      </Form.Item>
      <Form.Item name="reason">
        <Input
          placeholder="修改原因（必填，记入系统日志）"
          aria-label="修改原因"
          maxLength={200}
          onPressEnter={() => void save()}
        />
      </Form.Item>
      <div className="biz-line-editor-actions">
        <Button size="small" onClick={() => void onDone(false)} aria-label="取消修改" icon={<CloseOutlined />}>
          取消
        </Button>
        <Button
          size="small"
          type="primary"
          icon={<SaveOutlined />}
          loading={busy}
          onClick={() => void save()}
          aria-label="保存修改"
        >
          保存
        </Button>
      </div>
    </Form>
  );
}

// ---- the change's terms (峰值变更: 立项信息 + 股权合作) ------------------------------------------------------

interface ChangeValues {
  peakCapital?: string | null;
  holdingRatio?: string | null;
  groupRatio?: string | null;
  cityRatio?: string | null;
  otherRatio?: string | null;
  perPersonCapRatio?: string | null;
  shareholders?: ShareholderRow[];
  reason?: string;
}
const CHANGE_FIELDS = [
  'peakCapital',
  'holdingRatio',
  'groupRatio',
  'cityRatio',
  'otherRatio',
  'perPersonCapRatio',
  'reason',
];

function ChangeForm({
  projectId,
  setup,
  change,
  onClose,
  onSaved,
}: {
  projectId: number;
  setup: TSetup;
  change: TSchemeChangeDetail | undefined;
  onClose: () => void;
  onSaved: (id: number) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeValues>();
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const v = Form.useWatch([], form) ?? {};
  const s = setup.scheme!;
  const from = change?.proposed ?? {
    peakCapital: s.peakCapital,
    holdingRatio: s.holdingRatio,
    groupRatio: s.groupRatio,
    cityRatio: s.cityRatio,
    otherRatio: s.otherRatio,
    perPersonCapRatio: s.perPersonCapRatio,
    shareholders: setup.shareholders,
  };
  const unit = dec(s.allocationUnit).equals(1) ? '1' : '0.01';

  const save = async () => {
    clearErrors(form);
    setBanner(null);
    const raw = form.getFieldsValue();
    const input = {
      peakCapital: raw.peakCapital ?? undefined,
      holdingRatio: pctToRatio(raw.holdingRatio ?? '0'),
      groupRatio: pctToRatio(raw.groupRatio ?? '0'),
      cityRatio: pctToRatio(raw.cityRatio ?? '0'),
      otherRatio: pctToRatio(raw.otherRatio ?? '0'),
      perPersonCapRatio: pctToRatio(raw.perPersonCapRatio) ?? null,
      shareholders: shareholdersOfRows(raw.shareholders),
      reason: raw.reason ?? '',
    };
    const body = parseWith(form, ZSchemeChangeInput, input);
    if (!body) {
      moveEquityErrors(form);
      return;
    }
    setBusy(true);
    try {
      const r = change
        ? await put<TSchemeChangeDetail>(`/api/projects/${projectId}/scheme-changes/${change.id}`, {
            ...body,
            version: change.version,
          })
        : await post<TSchemeChangeDetail>(`/api/projects/${projectId}/scheme-changes`, body);
      message.success(change ? '峰值变更已保存' : `已新建第 ${r.seq} 次峰值变更`);
      await onSaved(r.id);
    } catch (err) {
      const details = fieldDetails(err);
      const placedRows = markShareholderErrors(form, details);
      const own = details.filter((x) => CHANGE_FIELDS.includes(x.path));
      if (own.length)
        markFields(
          form,
          own.map((x) => ({ name: x.path, errors: [x.message] })),
        );
      const rest = details.filter((x) => !CHANGE_FIELDS.includes(x.path) && !/^shareholders\.\d+\./.test(x.path));
      if (rest.length) setBanner(rest.map((x) => x.message).join('；'));
      else if (!details.length) setBanner(await handleSaveError(err, { message }));
      else if (!placedRows && !own.length) setBanner(details.map((x) => x.message).join('；'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      className="biz-form-card"
      data-testid="change-form"
      initialValues={{
        peakCapital: from.peakCapital,
        holdingRatio: ratioToPct(from.holdingRatio),
        groupRatio: ratioToPct(from.groupRatio),
        cityRatio: ratioToPct(from.cityRatio),
        otherRatio: ratioToPct(from.otherRatio),
        perPersonCapRatio: ratioToPct(from.perPersonCapRatio),
        shareholders: shareholderRowsOf(from.shareholders),
        reason: change?.reason ?? '',
      }}
    >
      <div className="biz-section-title">{change ? `修改第 ${change.seq} 次峰值变更` : '新建峰值变更'}</div>
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 12 }} />}
      <Row gutter={24}>
        <Col xs={24} xl={14}>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                name="peakCapital"
                label="新资金峰值（元）"
                required
                extra={`当前资金峰值 ${formatMoney(s.peakCapital)}`}
              >
                <MoneyInput />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="perPersonCapRatio" label="单人上限占比" extra="不填则不限">
                <PctInput />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="holdingRatio" label="控股集团占比">
                <PctInput placeholder="0" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="groupRatio" label="置业集团占比">
                <PctInput placeholder="0" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="cityRatio" label="城市公司占比">
                <PctInput placeholder="0" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name="otherRatio" label="其它占比">
                <PctInput placeholder="0" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="reason" label="变更原因" required>
                <Input.TextArea rows={2} maxLength={500} showCount placeholder="如：土地款增加，资金峰值上调" />
              </Form.Item>
            </Col>
          </Row>
        </Col>
        <Col xs={24} xl={10}>
          <LiveCaps
            title="调整后各层级上限（实时计算）"
            values={{ ...v, allocationUnit: unit }}
            footnote={`合伙投资占比 = 各层级占比之和；当前方案 ${formatRatio(s.totalRatio, 3)}。`}
          />
        </Col>
      </Row>
      <div className="biz-section-title" style={{ marginTop: 8 }}>
        股权合作（变更后）
      </div>
      <ShareholderRowsField editable />
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginTop: 16 }}>
        <Button
          type="primary"
          icon={<SaveOutlined />}
          loading={busy}
          onClick={() => void save()}
          data-testid="change-save"
        >
          保存
        </Button>
        <Button onClick={onClose}>取消</Button>
        <span className="muted">保存后在【项目流程】发起【资金峰值调整】审批。</span>
      </div>
    </Form>
  );
}
