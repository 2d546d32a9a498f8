/**
 * 流程 / 退出流程 (quick guide 6.3.1–6.3.5): the project's exits with their state; 退投测算 (1. 输入日期及种类；
 * 2. 测算) showing every part of the price per holding; 修改 with a reason; 发起 the 离职退休流程 (必须先进行测算: the
 * BFF refuses a 测算 older than the ledger or the rule); 查看BPM; 登记退出打款金额及打款日期; and the 退出设置 (exit
 * types and their pricing rules, the group's default and the project's own).
 *
 * The 离职 待办 of an accountant opens `business/exits?projectId=&userId=&exitType=&exitDate=`: the partner's exit
 * when there is one, else the 测算 form with the partner, the type and the leave date filled in.
 */
import {
  CalculatorOutlined,
  EditOutlined,
  EyeOutlined,
  FileSearchOutlined,
  PayCircleOutlined,
  PlayCircleOutlined,
  ReloadOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  DatePicker,
  Descriptions,
  Drawer,
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
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  EXIT_STATUS_LABEL,
  ZExitCalculate,
  ZExitPayoutRegister,
  ZExitRecalculate,
  type TExitDetail,
  type TExitManualInputs,
  type TExitRow,
  type TExitSettingsView,
  type TExitStatus,
} from '../../../../../shared/api/exits';
import type { TCapitalOverview } from '../../../../../shared/api/capital';
import { LEVEL_LABEL, LEVELS, type TLevel } from '../../../../../shared/api/labels';
import { formatDateTime } from '../../../../../shared/datetime';
import { dec, formatMoney } from '../../../../../shared/money';
import { useAuth } from '../../auth';
import { LoadError, Money, notReady } from '../../components/table';
import { hasRole } from '../../lib/access';
import { get, patch, post, put } from '../../lib/api';
import { isVersionConflict, parseWith, VERSION_CONFLICT_TEXT } from '../../lib/forms';
import { useQueryParam } from '../../lib/router';
import { useRequest } from '../../lib/useRequest';
import {
  clearErrors,
  FlowStatusTag,
  fieldDetails,
  handleSaveError,
  markFields,
  MoneyInput,
  PartnerMarks,
  PctInput,
  pctToRatio,
  ratioToPct,
} from './common';
import { BpmLink, FlowFormView } from './FlowsTab';

const POLL_MS = 3000;

const STATUS_COLOR: Record<TExitStatus, string> = {
  CALCULATED: 'cyan',
  FLOW_RUNNING: 'processing',
  COMPLETED: 'green',
  REJECTED: 'red',
  PAID: 'blue',
};
export const ExitStatusTag = ({ status }: { status: TExitStatus }) => (
  <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0 }}>
    {EXIT_STATUS_LABEL[status]}
  </Tag>
);

/** The partners who may be priced: a position in the project (from the capital overview), with their marks. */
interface Candidate {
  userId: number;
  name: string;
  levels: TLevel[];
  paid: string;
  marks: TCapitalOverview['holdings'][number]['marks'];
}

function candidatesOf(capital: TCapitalOverview | undefined): Candidate[] {
  const byUser = new Map<number, Candidate>();
  for (const h of capital?.holdings ?? []) {
    if (h.holder !== 'PARTNER' || h.userId === null) continue;
    const c = byUser.get(h.userId) ?? { userId: h.userId, name: h.name, levels: [], paid: '0', marks: h.marks };
    if (!dec(h.committed).isZero() || !dec(h.paid).isZero()) c.levels.push(h.level);
    c.paid = dec(c.paid).plus(dec(h.paid)).toString();
    byUser.set(h.userId, c);
  }
  return [...byUser.values()];
}

export function ExitsTab({ projectId, editable }: { projectId: number; editable: boolean }) {
  const { me } = useAuth();
  const { message, modal } = App.useApp();
  const base = `/api/projects/${projectId}`;
  const exits = useRequest(() => get<TExitRow[]>(`${base}/exits`), [projectId]);
  const capital = useRequest(() => get<TCapitalOverview>(`${base}/capital`), [projectId]);
  const settings = useRequest(() => get<TExitSettingsView>(`${base}/exit-settings`), [projectId]);
  const [calcOpen, setCalcOpen] = useState<{ userId?: number; exitType?: string; exitDate?: string } | null>(null);
  const [editing, setEditing] = useState<TExitDetail | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [bpm, setBpm] = useState<number | null>(null);
  const [paying, setPaying] = useState<TExitDetail | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [busy, setBusy] = useState<number | null>(null);
  const candidates = useMemo(() => candidatesOf(capital.data), [capital.data]);
  const settingsReader = hasRole(me, 'BUSINESS_ADMIN', 'HOLDING_ACCOUNTANT', 'GROUP_ACCOUNTANT', 'CITY_ACCOUNTANT');

  // the 离职 待办's address: the partner's exit when there is one, else the 测算 form filled in
  const qUser = useQueryParam('userId');
  const qType = useQueryParam('exitType');
  const qDate = useQueryParam('exitDate');
  const landed = useRef(false);
  useEffect(() => {
    if (landed.current || !qUser || !exits.data || !capital.data) return;
    landed.current = true;
    const userId = Number(qUser);
    const existing = exits.data.find((e) => e.user.id === userId);
    if (existing) setViewing(existing.id);
    else if (editable)
      setCalcOpen({
        userId,
        exitType: qType ?? undefined,
        exitDate: qDate && /^\d{4}-\d{2}-\d{2}$/.test(qDate) ? qDate : undefined,
      });
  }, [qUser, qType, qDate, exits.data, capital.data, editable]);

  // DingTalk's callback settles a running flow on the server: poll while one runs
  const running = (exits.data ?? []).some((e) => e.status === 'FLOW_RUNNING');
  const reloadExits = exits.reload;
  const reloadCapital = capital.reload;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (!running) {
      if (wasRunning.current) {
        wasRunning.current = false;
        void reloadCapital();
      }
      return;
    }
    wasRunning.current = true;
    const t = window.setInterval(() => void reloadExits(), POLL_MS);
    return () => window.clearInterval(t);
  }, [running, reloadExits, reloadCapital]);

  const reloadAll = async () => {
    await Promise.all([exits.reload(), capital.reload()]);
  };
  const detailOf = (id: number) => get<TExitDetail>(`${base}/exits/${id}`);

  const start = (row: TExitRow) => {
    modal.confirm({
      title: `发起【离职退休流程】· ${row.user.name}`,
      content: `退出价款合计 ${formatMoney(row.total)}（${row.exitType.label}，退出日期 ${row.exitDate}）。将以您的钉钉账号发起 OA 审批；审批通过后，合伙人的份额由平台公司承接。`,
      okText: '确认发起',
      cancelText: '取消',
      onOk: async () => {
        setBusy(row.id);
        try {
          await post(`${base}/flows/EXIT/start`, { subjectId: row.id });
          message.success(`${row.user.name} 的离职退休流程已发起，等待钉钉审批`);
          await exits.reload();
        } catch (err) {
          await handleSaveError(err, { message, reload: exits.reload });
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const openWith = async (id: number, then: (d: TExitDetail) => void) => {
    setBusy(id);
    try {
      then(await detailOf(id));
    } catch (err) {
      await handleSaveError(err, { message });
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<TExitRow> = [
    {
      title: '合伙人',
      key: 'user',
      width: 130,
      fixed: 'left',
      render: (_v, r) => (
        <span>
          {r.user.name}
          <PartnerMarks
            marks={r.status === 'COMPLETED' || r.status === 'PAID' ? ['EXITED'] : r.user.left ? ['LEFT'] : []}
          />
        </span>
      ),
    },
    { title: '退出类型', key: 'type', width: 110, render: (_v, r) => r.exitType.label },
    {
      title: '退出日期',
      dataIndex: 'exitDate',
      width: 120,
      render: (v: string) => (
        <span className="num" style={{ whiteSpace: 'nowrap' }}>
          {v}
        </span>
      ),
    },
    { title: '退出价款', dataIndex: 'total', width: 150, align: 'right', render: (v: string) => <Money value={v} /> },
    { title: '状态', dataIndex: 'status', width: 90, render: (v: TExitStatus) => <ExitStatusTag status={v} /> },
    {
      title: '测算时间',
      dataIndex: 'calculatedAt',
      width: 150,
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '退出打款',
      key: 'payout',
      width: 190,
      render: (_v, r) =>
        r.payout ? (
          <span className="num">
            <Money value={r.payout.amount} /> · {r.payout.paidOn}
          </span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      title: '操作',
      key: 'op',
      width: 190,
      fixed: 'right',
      render: (_v, r) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            onClick={() => setViewing(r.id)}
            aria-label={`查看测算 ${r.user.name}`}
          >
            查看
          </Button>
          {editable && (r.status === 'CALCULATED' || r.status === 'REJECTED') && (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              loading={busy === r.id}
              onClick={() => void openWith(r.id, setEditing)}
              aria-label={`修改测算 ${r.user.name}`}
            >
              修改
            </Button>
          )}
          {/* 发起 belongs to a 测算 not yet sent (or refused, which needs 修改 first); later states have nothing to start */}
          {editable && (r.status === 'CALCULATED' || r.status === 'REJECTED') && (
            <Tooltip title={r.status === 'REJECTED' ? '流程已被驳回，请先修改（重新测算）' : null}>
              <Button
                type="link"
                size="small"
                icon={<PlayCircleOutlined />}
                disabled={r.status !== 'CALCULATED'}
                loading={busy === r.id}
                onClick={() => start(r)}
                aria-label={`发起 ${r.user.name}`}
              >
                发起
              </Button>
            </Tooltip>
          )}
          {r.flowId !== null && (
            <Button
              type="link"
              size="small"
              icon={<FileSearchOutlined />}
              onClick={() => setBpm(r.id)}
              aria-label={`查看BPM ${r.user.name}`}
            >
              查看BPM
            </Button>
          )}
          {editable && r.status === 'COMPLETED' && (
            <Button
              type="link"
              size="small"
              icon={<PayCircleOutlined />}
              loading={busy === r.id}
              onClick={() => void openWith(r.id, setPaying)}
              aria-label={`登记打款 ${r.user.name}`}
            >
              登记打款
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const waiting = notReady(exits, '退出列表');
  if (waiting) return waiting;
  return (
    <div data-testid="exits">
      <div className="toolbar">
        <div className="toolbar-left muted">
          1. 输入日期及种类；2. 测算 → 发起离职退休流程（必须先进行测算）→ 审批通过后份额由平台公司承接 → 登记退出打款。
          {running && '（审批中，状态自动刷新）'}
        </div>
        <div className="toolbar-right">
          <Space>
            {settingsReader && (
              <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)}>
                退出设置
              </Button>
            )}
            {editable && (
              <Button type="primary" icon={<CalculatorOutlined />} onClick={() => setCalcOpen({})}>
                退投测算
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void reloadAll()}>
              刷新
            </Button>
          </Space>
        </div>
      </div>
      <LoadError error={exits.error} what="退出列表" onRetry={exits.reload} />
      <Table<TExitRow>
        className="biz-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={exits.data}
        loading={exits.loading && !exits.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="exit-table"
        locale={{ emptyText: '本项目尚无退投测算' }}
      />
      {calcOpen && (
        <CalcModal
          base={base}
          candidates={candidates}
          taken={new Set((exits.data ?? []).map((e) => e.user.id))}
          settings={settings.data}
          preset={calcOpen}
          onClose={() => setCalcOpen(null)}
          onDone={async (d) => {
            setCalcOpen(null);
            await exits.reload();
            setViewing(d.id);
          }}
        />
      )}
      {editing && (
        <CalcModal
          base={base}
          candidates={candidates}
          taken={new Set()}
          settings={settings.data}
          editing={editing}
          onClose={() => setEditing(null)}
          onDone={async (d) => {
            setEditing(null);
            await exits.reload();
            setViewing(d.id);
          }}
        />
      )}
      {viewing !== null && <ExitDrawer load={() => detailOf(viewing)} onClose={() => setViewing(null)} />}
      {bpm !== null && <BpmModal load={() => detailOf(bpm)} onClose={() => setBpm(null)} />}
      {paying && (
        <PayoutModal
          base={base}
          exit={paying}
          onClose={() => setPaying(null)}
          onDone={async () => {
            setPaying(null);
            await exits.reload();
          }}
        />
      )}
      {settingsOpen && (
        <SettingsDrawer
          projectId={projectId}
          groupEditable={hasRole(me, 'BUSINESS_ADMIN')}
          projectEditable={editable || hasRole(me, 'BUSINESS_ADMIN')}
          onClose={() => setSettingsOpen(false)}
          onSaved={() => void settings.reload()}
        />
      )}
    </div>
  );
}

// ---- 测算 / 修改 ------------------------------------------------------------------------------------------------

interface CalcValues {
  userId?: number;
  exitType?: string;
  exitDate?: Dayjs;
  reason?: string;
  profit?: Partial<Record<TLevel, string | null>>;
  nav?: Partial<Record<TLevel, string | null>>;
  owed?: Partial<Record<TLevel, string | null>>;
}

const perLevel = (levels: TLevel[], v: Partial<Record<TLevel, string | null>> | undefined) => {
  const out: Partial<Record<TLevel, string>> = {};
  for (const l of levels) if (v?.[l]) out[l] = v[l]!;
  return Object.keys(out).length ? out : undefined;
};

function CalcModal({
  base,
  candidates,
  taken,
  settings,
  preset,
  editing,
  onClose,
  onDone,
}: {
  base: string;
  candidates: Candidate[];
  taken: Set<number>;
  settings: TExitSettingsView | undefined;
  preset?: { userId?: number; exitType?: string; exitDate?: string };
  editing?: TExitDetail;
  onClose: () => void;
  onDone: (d: TExitDetail) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CalcValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const userId = Form.useWatch('userId', form) ?? editing?.user.id;
  const exitType = Form.useWatch('exitType', form);
  const types = (settings?.resolved ?? []).filter((t) => t.enabled || t.code === editing?.exitType.code);
  const rule = types.find((t) => t.code === exitType);
  const partner = candidates.find((c) => c.userId === userId);
  const levels = LEVELS.filter((l) => partner?.levels.includes(l) || editing?.holdings.some((h) => h.level === l));

  const initial = useMemo<CalcValues>(() => {
    if (editing) {
      const m = editing.manualInputs;
      const pick = (f: (l: TLevel) => string | null | undefined) =>
        Object.fromEntries(LEVELS.map((l) => [l, f(l) ?? null])) as Record<TLevel, string | null>;
      return {
        exitType: editing.exitType.code,
        exitDate: dayjs(editing.exitDate),
        profit: pick((l) => m.received?.[l]?.profitReceived),
        nav: pick((l) => m.nav?.[l]),
        owed: pick((l) => m.financingInterestOwed?.[l]),
      };
    }
    return {
      userId: preset?.userId,
      exitType: preset?.exitType,
      exitDate: preset?.exitDate ? dayjs(preset.exitDate) : undefined,
    };
  }, [editing, preset]);

  const submit = async () => {
    if (busy) return;
    clearErrors(form);
    setError(null);
    const v = form.getFieldsValue();
    const received = perLevel(levels, v.profit);
    const manual: TExitManualInputs = {
      received: received
        ? Object.fromEntries(Object.entries(received).map(([l, a]) => [l, { profitReceived: a }]))
        : undefined,
      nav: perLevel(levels, v.nav),
      financingInterestOwed: perLevel(levels, v.owed),
    };
    const common = { ...manual, exitType: v.exitType, exitDate: v.exitDate?.format('YYYY-MM-DD') };
    const body = editing
      ? parseWith(form, ZExitRecalculate, { ...common, version: editing.version, reason: v.reason ?? '' })
      : parseWith(form, ZExitCalculate, { ...common, userId: v.userId });
    if (!body) return;
    setBusy(true);
    try {
      const d = editing
        ? await patch<TExitDetail>(`${base}/exits/${editing.id}`, body)
        : await post<TExitDetail>(`${base}/exits`, body);
      message.success(`${d.user.name} 的退投测算已${editing ? '修改' : '完成'}：退出价款合计 ${formatMoney(d.total)}`);
      await onDone(d);
    } catch (err) {
      if (isVersionConflict(err)) {
        setError(VERSION_CONFLICT_TEXT);
        return;
      }
      const details = fieldDetails(err).filter((d) => ['userId', 'exitType', 'exitDate', 'reason'].includes(d.path));
      if (details.length)
        markFields(
          form,
          details.map((d) => ({ name: d.path, errors: [d.message] })),
        );
      else setError(await handleSaveError(err, { message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={editing ? `修改测算 · ${editing.user.name}` : '退投测算'}
      width={720}
      okText={editing ? '重新测算' : '测算'}
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} data-testid="calc-error" />}
      <Form form={form} layout="vertical" initialValues={initial} data-testid="exit-calc-form">
        <div style={{ display: 'flex', gap: 16 }}>
          {!editing && (
            <Form.Item name="userId" label="合伙人" required style={{ flex: 1 }}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="选择合伙人"
                aria-label="合伙人"
                options={candidates.map((c) => ({
                  value: c.userId,
                  label: `${c.name}${c.marks.includes('LEFT') ? '（离）' : ''}`,
                  disabled: taken.has(c.userId) || c.marks.includes('EXITED'),
                }))}
              />
            </Form.Item>
          )}
          <Form.Item name="exitType" label="退出类型" required style={{ flex: 1 }}>
            <Select
              placeholder="选择退出类型"
              aria-label="退出类型"
              options={types.map((t) => ({ value: t.code, label: t.label }))}
            />
          </Form.Item>
          <Form.Item name="exitDate" label="退出日期" required style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} aria-label="退出日期" />
          </Form.Item>
        </div>
        {rule && <Alert type="info" showIcon title={`计价规则：${rule.ruleSummary}`} style={{ marginBottom: 12 }} />}
        {partner && (
          <div className="muted" style={{ marginBottom: 8 }}>
            {partner.name} 实缴合计 <Money value={partner.paid} />
            ；以下为资金台账之外需录入的数据（可留空）：
          </div>
        )}
        {levels.map((l) => (
          <div key={l} style={{ display: 'flex', gap: 16 }}>
            <Form.Item name={['profit', l]} label={`${LEVEL_LABEL[l]} · 已分配利润`} style={{ flex: 1 }}>
              <MoneyInput aria-label={`${LEVEL_LABEL[l]} 已分配利润`} />
            </Form.Item>
            <Form.Item
              name={['nav', l]}
              label={`${LEVEL_LABEL[l]} · 净资产`}
              style={{ flex: 1 }}
              required={!!rule?.rule.lowerOfNav}
            >
              <MoneyInput aria-label={`${LEVEL_LABEL[l]} 净资产`} min="-999999999999" />
            </Form.Item>
            <Form.Item name={['owed', l]} label={`${LEVEL_LABEL[l]} · 尚欠配资利息`} style={{ flex: 1 }}>
              <MoneyInput aria-label={`${LEVEL_LABEL[l]} 尚欠配资利息`} />
            </Form.Item>
          </div>
        ))}
        {editing && (
          <Form.Item name="reason" label="修改原因" required>
            <Input.TextArea maxLength={200} rows={2} placeholder="如：退休日期已核对" aria-label="修改原因" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

// ---- 查看 (the 测算 with every part) --------------------------------------------------------------------------

function useDetail(load: () => Promise<TExitDetail>) {
  const loader = useRef(load);
  return useRequest(() => loader.current(), []);
}

function ExitDrawer({ load, onClose }: { load: () => Promise<TExitDetail>; onClose: () => void }) {
  const d = useDetail(load);
  const x = d.data;
  return (
    <Drawer open size={900} title={x ? `退投测算 · ${x.user.name}` : '退投测算'} onClose={onClose} destroyOnHidden>
      <LoadError error={d.error} what="退投测算" onRetry={d.reload} />
      {x && (
        <div data-testid="exit-detail">
          {x.status === 'CALCULATED' && !x.fresh && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title="测算后数据已变化（资金台账或退出规则），请修改（重新测算）后再发起"
            />
          )}
          {x.warnings.map((w) => (
            <Alert key={w} type="info" showIcon style={{ marginBottom: 8 }} title={w} />
          ))}
          <Descriptions
            size="small"
            bordered
            column={2}
            style={{ marginBottom: 16 }}
            items={[
              {
                key: 'u',
                label: '合伙人',
                children: (
                  <span>
                    {x.user.name}
                    <PartnerMarks
                      marks={x.status === 'COMPLETED' || x.status === 'PAID' ? ['EXITED'] : x.user.left ? ['LEFT'] : []}
                    />
                  </span>
                ),
              },
              { key: 's', label: '状态', children: <ExitStatusTag status={x.status} /> },
              { key: 't', label: '退出类型', children: x.exitType.label },
              { key: 'd', label: '退出日期', children: <span className="num">{x.exitDate}</span> },
              { key: 'r', label: '计价规则', span: 2, children: x.ruleSummary },
              {
                key: 'total',
                label: '退出价款合计',
                children: (
                  <b className="money" data-testid="exit-total">
                    {formatMoney(x.total)}
                  </b>
                ),
              },
              {
                key: 'c',
                label: '测算时间',
                children: <span className="num">{formatDateTime(x.calculatedAt)}</span>,
              },
              ...(x.editReason ? [{ key: 'e', label: '修改原因', span: 2, children: x.editReason }] : []),
              ...(x.payout
                ? [
                    {
                      key: 'p',
                      label: '退出打款',
                      span: 2,
                      children: (
                        <span>
                          <Money value={x.payout.amount} /> · {x.payout.paidOn} · {x.payout.account}
                          {x.payout.note ? `（${x.payout.note}）` : ''}
                        </span>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          {x.holdings.map((h) => (
            <div key={h.level} style={{ marginBottom: 16 }} data-testid={`exit-holding-${h.level}`}>
              <div className="biz-section-title">
                {h.levelLabel} · 认缴 <Money value={h.committed} /> · 实缴 <Money value={h.paid} /> · 退出价款{' '}
                <b>
                  <Money value={h.price} />
                </b>
              </div>
              <Table
                size="small"
                bordered
                pagination={false}
                rowKey="code"
                dataSource={h.lines}
                columns={[
                  {
                    title: '名称',
                    dataIndex: 'name',
                    width: 160,
                    render: (v: string, l) => (l.counts ? v : <span className="muted">{v}</span>),
                  },
                  {
                    title: '金额',
                    dataIndex: 'amount',
                    width: 150,
                    align: 'right',
                    render: (v: string, l) =>
                      l.counts ? <Money value={v} /> : <span className="muted">{formatMoney(v)}</span>,
                  },
                  { title: '说明', dataIndex: 'note' },
                ]}
              />
            </div>
          ))}
        </div>
      )}
    </Drawer>
  );
}

// ---- 查看BPM ------------------------------------------------------------------------------------------------------

function BpmModal({ load, onClose }: { load: () => Promise<TExitDetail>; onClose: () => void }) {
  const d = useDetail(load);
  const run = d.data?.flow ?? null;
  return (
    <Modal
      open
      width={820}
      title={run ? `离职退休流程 · 第 ${run.run} 次` : '离职退休流程'}
      footer={
        <Space>
          {run && <BpmLink run={run} label="离职退休流程" button />}
          <Button onClick={onClose}>关闭</Button>
        </Space>
      }
      onCancel={onClose}
    >
      <LoadError error={d.error} what="审批单" onRetry={d.reload} />
      {d.data && !run && <div className="muted">尚未发起离职退休流程。</div>}
      {run && (
        <div data-testid="exit-bpm">
          <Descriptions
            size="small"
            column={2}
            bordered
            style={{ marginBottom: 16 }}
            items={[
              { key: 's', label: '流程状态', children: <FlowStatusTag status={run.status} /> },
              {
                key: 'r',
                label: '审批结果',
                children: run.result === 'agree' ? '同意' : run.result === 'refuse' ? '拒绝' : (run.result ?? '—'),
              },
              { key: 'b', label: '发起人', children: run.startedBy ?? '—' },
              {
                key: 'i',
                label: '钉钉审批实例',
                children: (
                  <span className="num" style={{ wordBreak: 'break-all' }}>
                    {run.instanceId ?? '—'}
                  </span>
                ),
              },
              { key: 'a', label: '发起时间', children: <span className="num">{formatDateTime(run.startedAt)}</span> },
              { key: 'c', label: '完成时间', children: <span className="num">{formatDateTime(run.completedAt)}</span> },
            ]}
          />
          {run.form && <FlowFormView form={run.form} />}
        </div>
      )}
    </Modal>
  );
}

// ---- 登记打款 ---------------------------------------------------------------------------------------------------

interface PayoutValues {
  amount?: string | null;
  paidOn?: Dayjs;
  account?: string;
  note?: string;
}

function PayoutModal({
  base,
  exit,
  onClose,
  onDone,
}: {
  base: string;
  exit: TExitDetail;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PayoutValues>();
  const [key] = useState(() => crypto.randomUUID());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const amount = Form.useWatch('amount', form);
  const differs = !!amount && !dec(amount).equals(dec(exit.total));

  const submit = async () => {
    if (busy) return;
    clearErrors(form);
    setError(null);
    const v = form.getFieldsValue();
    const body = parseWith(form, ZExitPayoutRegister, {
      version: exit.version,
      amount: v.amount ?? undefined,
      paidOn: v.paidOn?.format('YYYY-MM-DD'),
      account: v.account ?? '',
      note: v.note?.trim() || undefined,
      idempotencyKey: key,
    });
    if (!body) return;
    setBusy(true);
    try {
      await post<TExitDetail>(`${base}/exits/${exit.id}/payout`, body);
      message.success(`${exit.user.name} 的退出打款 ${formatMoney(body.amount)} 已登记，已通知合伙人`);
      await onDone();
    } catch (err) {
      const details = fieldDetails(err).filter((d) => ['amount', 'paidOn', 'account', 'note'].includes(d.path));
      if (details.length)
        markFields(
          form,
          details.map((d) => ({ name: d.path, errors: [d.message] })),
        );
      else setError(await handleSaveError(err, { message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`登记退出打款 · ${exit.user.name}`}
      width={600}
      okText="登记打款"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="warning" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Descriptions
        size="small"
        column={2}
        bordered
        style={{ marginBottom: 12 }}
        items={[
          { key: 't', label: '退出价款合计', children: <b className="money">{formatMoney(exit.total)}</b> },
          { key: 'd', label: '退出日期', children: <span className="num">{exit.exitDate}</span> },
        ]}
      />
      <Form form={form} layout="vertical" initialValues={{ amount: exit.total, paidOn: dayjs() }}>
        <div style={{ display: 'flex', gap: 16 }}>
          <Form.Item name="amount" label="打款金额（元）" required style={{ flex: 1 }}>
            <MoneyInput aria-label="打款金额" />
          </Form.Item>
          <Form.Item name="paidOn" label="打款日期" required style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} aria-label="打款日期" />
          </Form.Item>
        </div>
        <Form.Item name="account" label="收款账户" required>
          <Input maxLength={100} placeholder="开户行 + 账号，如：中国银行 6217 0000 0000 0000" aria-label="收款账户" />
        </Form.Item>
        <Form.Item
          name="note"
          label="说明"
          required={differs}
          extra={differs ? '打款金额与退出价款不同，请说明原因（如代扣个税）' : undefined}
        >
          <Input maxLength={200} aria-label="说明" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---- 退出设置 ---------------------------------------------------------------------------------------------------

type TypeSetting = TExitSettingsView['resolved'][number];

/** A rule with its ratios as numbers in canonical form ("0.10" = "0.1"), to compare a project's type with the group's. */
const normalRule = (r: TypeSetting['rule']) => ({
  ...r,
  interest: { ...r.interest, annualRate: dec(r.interest.annualRate).toString() },
  discountRate: dec(r.discountRate).toString(),
});

function SettingsDrawer({
  projectId,
  groupEditable,
  projectEditable,
  onClose,
  onSaved,
}: {
  projectId: number;
  groupEditable: boolean;
  projectEditable: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [scope, setScope] = useState<'project' | 'group'>('project');
  const path = scope === 'group' ? '/api/exit-settings' : `/api/projects/${projectId}/exit-settings`;
  const view = useRequest(() => get<TExitSettingsView>(path), [path]);
  // a project stores only what differs from the group's types: the rest keeps following the group's default
  const group = useRequest(() => get<TExitSettingsView>('/api/exit-settings'), [], { skip: scope === 'group' });
  const [rows, setRows] = useState<TypeSetting[]>([]);
  const [busy, setBusy] = useState(false);
  useEffect(() => setRows(view.data?.resolved ?? []), [view.data]);
  const editable = scope === 'group' ? groupEditable : projectEditable;

  const update = (code: string, f: (t: TypeSetting) => TypeSetting) =>
    setRows((rs) => rs.map((r) => (r.code === code ? f(r) : r)));

  // a custom type (e.g. 提前退休): a code, a name, and the rule of 离职 to start from
  const [newCode, setNewCode] = useState('');
  const [newLabel, setNewLabel] = useState('');
  const codeOk = /^[A-Z][A-Z0-9_]{1,31}$/.test(newCode) && !rows.some((r) => r.code === newCode);
  const addType = () => {
    const base = rows.find((r) => r.code === 'RESIGNATION') ?? rows[0];
    if (!base || !codeOk || !newLabel.trim()) return;
    setRows((rs) => [...rs, { ...base, code: newCode, label: newLabel.trim(), enabled: true, ruleSummary: '' }]);
    setNewCode('');
    setNewLabel('');
  };

  const sameAsGroup = (r: TypeSetting) => {
    const g = group.data?.resolved.find((x) => x.code === r.code);
    return (
      !!g &&
      g.label === r.label &&
      g.enabled === r.enabled &&
      JSON.stringify(normalRule(g.rule)) === JSON.stringify(normalRule(r.rule))
    );
  };

  const save = async () => {
    if (!view.data) return;
    setBusy(true);
    try {
      await put<TExitSettingsView>(path, {
        version: view.data.version,
        settings: {
          types: rows
            .filter((r) => scope === 'group' || !sameAsGroup(r))
            .map((r) => ({ code: r.code, label: r.label, enabled: r.enabled, rule: r.rule })),
        },
      });
      message.success(scope === 'group' ? '集团默认退出设置已保存' : '本项目退出设置已保存');
      await view.reload();
      onSaved();
    } catch (err) {
      await handleSaveError(err, { message, reload: view.reload });
    } finally {
      setBusy(false);
    }
  };

  const columns: ColumnsType<TypeSetting> = [
    {
      title: '退出类型',
      dataIndex: 'label',
      width: 110,
      render: (v: string, r) =>
        scope === 'project' && group.data ? (
          <span>
            {v}
            <div className="muted" style={{ fontSize: 12 }}>
              {sameAsGroup(r) ? '沿用集团默认' : '本项目设置'}
            </div>
          </span>
        ) : (
          v
        ),
    },
    {
      title: '启用',
      key: 'enabled',
      width: 64,
      render: (_v, r) => (
        <Switch
          size="small"
          checked={r.enabled}
          disabled={!editable}
          aria-label={`启用 ${r.label}`}
          onChange={(v) => update(r.code, (t) => ({ ...t, enabled: v }))}
        />
      ),
    },
    {
      title: '资金利息（年利率）',
      key: 'interest',
      width: 200,
      render: (_v, r) => (
        <Space size={6}>
          <Switch
            size="small"
            checked={r.rule.interest.enabled}
            disabled={!editable}
            aria-label={`资金利息 ${r.label}`}
            onChange={(v) =>
              update(r.code, (t) => ({ ...t, rule: { ...t.rule, interest: { ...t.rule.interest, enabled: v } } }))
            }
          />
          <div style={{ width: 100 }}>
            <PctInput
              value={ratioToPct(r.rule.interest.annualRate)}
              disabled={!editable || !r.rule.interest.enabled}
              onChange={(v) =>
                update(r.code, (t) => ({
                  ...t,
                  rule: { ...t.rule, interest: { ...t.rule.interest, annualRate: pctToRatio(v) ?? '0' } },
                }))
              }
            />
          </div>
        </Space>
      ),
    },
    {
      title: '扣已分配利润',
      key: 'profit',
      width: 100,
      render: (_v, r) => (
        <Switch
          size="small"
          checked={r.rule.deductProfitReceived}
          disabled={!editable}
          aria-label={`扣已分配利润 ${r.label}`}
          onChange={(v) => update(r.code, (t) => ({ ...t, rule: { ...t.rule, deductProfitReceived: v } }))}
        />
      ),
    },
    {
      title: '净资产孰低',
      key: 'nav',
      width: 90,
      render: (_v, r) => (
        <Switch
          size="small"
          checked={r.rule.lowerOfNav}
          disabled={!editable}
          aria-label={`净资产孰低 ${r.label}`}
          onChange={(v) => update(r.code, (t) => ({ ...t, rule: { ...t.rule, lowerOfNav: v } }))}
        />
      ),
    },
    {
      title: '折价',
      key: 'discount',
      width: 110,
      render: (_v, r) => (
        <PctInput
          value={ratioToPct(r.rule.discountRate)}
          disabled={!editable}
          onChange={(v) => update(r.code, (t) => ({ ...t, rule: { ...t.rule, discountRate: pctToRatio(v) ?? '0' } }))}
        />
      ),
    },
    {
      title: '扣尚欠利息',
      key: 'owed',
      width: 90,
      render: (_v, r) => (
        <Switch
          size="small"
          checked={r.rule.deductInterestOwed}
          disabled={!editable}
          aria-label={`扣尚欠利息 ${r.label}`}
          onChange={(v) => update(r.code, (t) => ({ ...t, rule: { ...t.rule, deductInterestOwed: v } }))}
        />
      ),
    },
    {
      title: '规则说明（保存后更新）',
      dataIndex: 'ruleSummary',
      render: (v: string) => <span className="muted">{v}</span>,
    },
  ];

  return (
    <Drawer
      open
      size={1180}
      title="退出设置：退出类型与计价规则"
      onClose={onClose}
      destroyOnHidden
      extra={
        editable && (
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="exit-settings-save">
            保存
          </Button>
        )
      }
    >
      <div data-testid="exit-settings">
        <Radio.Group
          value={scope}
          onChange={(e) => setScope(e.target.value as 'project' | 'group')}
          optionType="button"
          style={{ marginBottom: 12 }}
          options={[
            { value: 'project', label: '本项目' },
            { value: 'group', label: '集团默认' },
          ]}
        />
        <div className="muted" style={{ marginBottom: 12 }}>
          {scope === 'group'
            ? '集团默认适用于没有单独设置的项目；只有业务管理员可以修改。'
            : '本项目只保存与集团默认不同的类型，其余沿用集团默认。修改后，已有的测算需重新测算才能发起流程。'}
        </div>
        <LoadError error={view.error} what="退出设置" onRetry={view.reload} />
        <Table<TypeSetting>
          size="small"
          bordered
          rowKey="code"
          pagination={false}
          loading={view.loading && !view.data}
          dataSource={rows}
          columns={columns}
          data-testid="exit-settings-table"
        />
        {editable && (
          <Space style={{ marginTop: 12 }} wrap>
            <span className="muted">新增退出类型</span>
            <Input
              style={{ width: 200 }}
              placeholder="代码，如 EARLY_RETIREMENT"
              aria-label="退出类型代码"
              value={newCode}
              status={newCode && !codeOk ? 'error' : undefined}
              onChange={(e) => setNewCode(e.target.value.toUpperCase())}
            />
            <Input
              style={{ width: 160 }}
              placeholder="名称，如 提前退休"
              aria-label="退出类型名称"
              maxLength={20}
              value={newLabel}
              onChange={(e) => setNewLabel(e.target.value)}
            />
            <Button onClick={addType} disabled={!codeOk || !newLabel.trim()}>
              添加（按离职规则，再调整）
            </Button>
          </Space>
        )}
      </div>
    </Drawer>
  );
}
