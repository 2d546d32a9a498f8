/** 合伙名单 (quick guide 2.3.1–2.3.2, 2.4.1): rounds, partners with level, category and limits, Excel import, 认购通知. */
import { MandatoryMissing } from './MandatoryCheck';
import {
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  FieldTimeOutlined,
  ImportOutlined,
  InboxOutlined,
  SendOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Spin,
  Table,
  Tag,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import {
  CATEGORIES,
  CATEGORY_LABEL,
  LEVELS,
  LEVEL_LABEL,
  ROUND_KIND_LABEL,
  ZRoundCreate,
  ZRoundPartnerInput,
  type TCategory,
  type TLevel,
} from '../../../../../shared/api/scheme';
import { formatDateTime } from '../../../../../shared/datetime';
import { dec, formatMoney, sumMoney } from '../../../../../shared/money';
import { notReady, LoadError, Money } from '../../components/table';
import { ApiError, del, download, errorMessage, get, post } from '../../lib/api';
import { parseWith, zodRule } from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';
import {
  clearErrors,
  fieldDetails,
  Figure,
  handleSaveError,
  markFields,
  MoneyInput,
  PartnerMarks,
  usePassed,
} from './common';
import type {
  TNoticesSent,
  TPartnerCandidate as TCandidate,
  TPartnersAdded,
  TRoundCreated,
  TRoundDetail,
  TRoundLine,
} from '../../../../../shared/api/subscription';
import { CloseSubscriptionsModal, PartnerLineModal } from './RoundCorrections';
import type { RoundProps } from './types';
import { useRoundAgreements } from './AgreementsPanel';

const CATEGORY_COLOR: Record<TCategory, string> = { MANDATORY: 'red', PRIORITY: 'orange', VOLUNTARY: 'blue' };
export const CategoryTag = ({ c }: { c: TCategory }) => (
  <Tag color={CATEGORY_COLOR[c]} style={{ marginInlineEnd: 0 }}>
    {CATEGORY_LABEL[c]}
  </Tag>
);

export function PartnersTab(props: RoundProps & { onNewRound: () => void; hasScheme: boolean }) {
  const { projectId, round, roundId, detail, detailLoading, detailError, reloadRound, editable } = props;
  const { message, modal } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const [sending, setSending] = useState(false);
  const [editingLine, setEditingLine] = useState<TRoundLine | null>(null);
  const [closing, setClosing] = useState(false);

  const closed = usePassed(round?.deadline);
  const agreements = useRoundAgreements({
    projectId,
    roundId: roundId ?? undefined,
    confirmed: round?.status === 'CONFIRMED' || round?.status === 'CLOSED',
    editable,
  });
  if (!roundId || !round) {
    return (
      <Empty
        description={
          props.hasScheme
            ? '该项目还没有认购轮次'
            : '请先在【立项 / 立项信息】中填写资金峰值与合伙投资占比，再新建认购轮次'
        }
      >
        {editable && props.hasScheme && (
          <Button type="primary" onClick={props.onNewRound}>
            新建立项认购
          </Button>
        )}
      </Empty>
    );
  }
  const lines = detail?.lines ?? [];
  const listEditable = editable && (round.status === 'DRAFT' || round.status === 'OPEN');
  const waiting = lines.filter((l) => l.subscribedAmount === null);

  const remove = async (l: TRoundLine) => {
    try {
      await del(`/api/projects/${projectId}/rounds/${roundId}/partners/${l.id}`);
      message.success(`已将 ${l.user.name} 移出合伙名单`);
      await reloadRound();
    } catch (err) {
      await handleSaveError(err, { message, reload: reloadRound });
    }
  };

  const sendNotices = () => {
    modal.confirm({
      title: '发送认购通知',
      content: (
        <div>
          将通过钉钉工作通知向 <b>{waiting.length}</b> 位尚未认购的合伙人发送认购通知（点开进入小程序认购页）。
          <br />
          认购截止：{formatDateTime(round.deadline)}
        </div>
      ),
      okText: '确认发送',
      cancelText: '取消',
      onOk: async () => {
        setSending(true);
        try {
          const r = await post<TNoticesSent>(`/api/projects/${projectId}/rounds/${roundId}/notices`);
          message.success(`认购通知已发送给 ${r.recipients} 人`);
          await reloadRound();
        } catch (err) {
          await handleSaveError(err, { message, reload: reloadRound });
        } finally {
          setSending(false);
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
      width: 180,
      fixed: 'left',
      render: (_v, r) => (
        <span>
          {r.user.name}
          <PartnerMarks marks={r.user.marks} />
          <div className="muted" style={{ fontSize: 12 }}>
            {r.user.company ?? ''}
          </div>
        </span>
      ),
    },
    { title: '层级', dataIndex: 'level', width: 100, render: (v: TLevel) => LEVEL_LABEL[v] },
    { title: '类别', dataIndex: 'category', width: 72, render: (v: TCategory) => <CategoryTag c={v} /> },
    {
      title: '认购下限',
      dataIndex: 'minAmount',
      width: 140,
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    {
      title: '认购上限',
      dataIndex: 'maxAmount',
      width: 140,
      align: 'right',
      render: (v: string) => <Money value={v} />,
    },
    {
      title: '认购金额',
      dataIndex: 'subscribedAmount',
      width: 140,
      align: 'right',
      render: (v: string | null) =>
        v === null ? (
          <span className="muted">未认购</span>
        ) : dec(v).isZero() ? (
          <span className="muted">放弃（¥0.00）</span>
        ) : (
          <Money value={v} />
        ),
    },
    {
      title: '认购时间',
      dataIndex: 'subscribedAt',
      width: 140,
      render: (v: string | null) => <span className="num">{formatDateTime(v)}</span>,
    },
    ...(agreements.column ? [agreements.column] : []),
    ...(listEditable
      ? [
          {
            title: '操作',
            key: 'op',
            width: 140,
            fixed: 'right' as const,
            render: (_v: unknown, r: TRoundLine) => (
              <span>
                <Button
                  type="link"
                  size="small"
                  icon={<EditOutlined />}
                  onClick={() => setEditingLine(r)}
                  aria-label={`修改认购条件 ${r.user.name}`}
                >
                  修改
                </Button>
                <Popconfirm
                  title={`将 ${r.user.name} 移出合伙名单？`}
                  okText="移出"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => remove(r)}
                >
                  <Button type="link" size="small" danger icon={<DeleteOutlined />}>
                    移出
                  </Button>
                </Popconfirm>
              </span>
            ),
          },
        ]
      : []),
  ];

  const notLoaded = notReady(
    { data: detail, loading: detailLoading, error: detailError, reload: reloadRound },
    '合伙名单',
  );
  if (notLoaded) return notLoaded;
  return (
    <div>
      <div className="toolbar">
        <div className="toolbar-left">
          {listEditable && (
            <Button type="primary" icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
              新增合伙人
            </Button>
          )}
          {listEditable && (
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
              Excel 导入
            </Button>
          )}
          {(round.status === 'DRAFT' || round.status === 'OPEN') && (
            <MandatoryMissing
              projectId={projectId}
              roundId={roundId}
              editable={listEditable}
              refreshKey={lines.length}
              onAdded={reloadRound}
            />
          )}
          {listEditable && (
            <Button
              icon={<SendOutlined />}
              loading={sending}
              disabled={!waiting.length || closed}
              onClick={sendNotices}
              data-testid="send-subscription-notices"
            >
              发送认购通知
            </Button>
          )}
          {editable && round.status === 'OPEN' && !closed && (
            <Button icon={<FieldTimeOutlined />} onClick={() => setClosing(true)} data-testid="close-subscriptions">
              提前截止认购
            </Button>
          )}
          {agreements.toolbar}
          {!listEditable && (
            <span className="muted">
              {editable ? `当前轮次状态下名单不能再修改。` : '合伙名单由被授权的经营会计维护。'}
            </span>
          )}
        </div>
        <div className="toolbar-right biz-figures" style={{ marginBottom: 0 }}>
          <Figure label="名单人数">{lines.length}</Figure>
          {/* a partner who declined with ¥0 answered, but did not subscribe */}
          <Figure label="已认购">
            {lines.filter((l) => l.subscribedAmount !== null && dec(l.subscribedAmount).greaterThan(0)).length}
          </Figure>
          <Figure label="认购合计">{formatMoney(sumMoney(lines.map((l) => l.subscribedAmount ?? 0)))}</Figure>
        </div>
      </div>
      {closed && round.status === 'OPEN' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="认购已截止，可到【认购明细 / 测算】进行测算。"
        />
      )}
      <LoadError error={detailError} what="合伙名单" />
      <Table<TRoundLine>
        className="biz-table"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={lines}
        loading={detailLoading}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: 1000 }}
        data-testid="partner-table"
      />
      {agreements.dialogs}
      {adding && detail && (
        <AddPartnerModal
          projectId={projectId}
          detail={detail}
          onClose={() => setAdding(false)}
          onAdded={async () => {
            setAdding(false);
            await reloadRound();
          }}
        />
      )}
      {editingLine && (
        <PartnerLineModal
          projectId={projectId}
          roundId={roundId}
          line={editingLine}
          onClose={() => setEditingLine(null)}
          onSaved={async () => {
            setEditingLine(null);
            await reloadRound();
          }}
        />
      )}
      {closing && (
        <CloseSubscriptionsModal
          projectId={projectId}
          round={round}
          waiting={waiting.length}
          onClose={() => setClosing(false)}
          onDone={async () => {
            setClosing(false);
            await reloadRound();
          }}
        />
      )}
      {importing && (
        <ImportPartnersModal
          projectId={projectId}
          roundId={roundId}
          onClose={() => setImporting(false)}
          onImported={reloadRound}
        />
      )}
    </div>
  );
}

// ---- 新建轮次 -----------------------------------------------------------------------------------------------

export function NewRoundModal({
  projectId,
  hasInitial,
  onClose,
  onCreated,
}: {
  projectId: number;
  hasInitial: boolean;
  onClose: () => void;
  onCreated: (id: number) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{
    kind: 'INITIAL' | 'SUPPLEMENT';
    title?: string;
    deadline?: Dayjs | null;
    dueDate?: Dayjs | null;
  }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    clearErrors(form);
    setError(null);
    const v = form.getFieldsValue();
    if (!v.deadline) {
      form.setFields([{ name: 'deadline', errors: ['请选择认购截止时间'] }]);
      return;
    }
    const body = parseWith(form, ZRoundCreate, {
      kind: v.kind,
      title: v.title?.trim() || undefined,
      deadline: v.deadline.format(),
      dueDate: v.dueDate ? v.dueDate.format('YYYY-MM-DD') : undefined,
    });
    if (!body) return;
    setBusy(true);
    try {
      const r = await post<TRoundCreated>(`/api/projects/${projectId}/rounds`, body);
      message.success(`已新建「${r.title}」`);
      await onCreated(r.id);
    } catch (err) {
      setError(await handleSaveError(err, { form, fields: ['kind', 'title', 'deadline', 'dueDate'], message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="新建认购轮次"
      okText="创建"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          kind: hasInitial ? 'SUPPLEMENT' : 'INITIAL',
          deadline: dayjs().add(7, 'day').hour(18).minute(0).second(0),
        }}
      >
        <Form.Item name="kind" label="轮次类型">
          <Radio.Group
            options={[
              { value: 'INITIAL', label: ROUND_KIND_LABEL.INITIAL, disabled: hasInitial },
              { value: 'SUPPLEMENT', label: ROUND_KIND_LABEL.SUPPLEMENT, disabled: !hasInitial },
            ]}
          />
        </Form.Item>
        <Form.Item name="title" label="名称" extra="不填则为「立项认购」或「补投认购（第 N 次）」">
          <Input maxLength={100} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="deadline" label="认购截止时间" required>
              <DatePicker
                showTime
                format="YYYY-MM-DD HH:mm:ss"
                style={{ width: '100%' }}
                disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
              />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="dueDate" label="缴款截止日" extra="不填则按立项信息中的缴款期限">
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

// ---- 新增合伙人 ---------------------------------------------------------------------------------------------

interface PartnerValues {
  userId?: number;
  level?: TLevel;
  category?: TCategory;
  minAmount?: string | null;
  maxAmount?: string | null;
}
const PARTNER_FIELDS = ['userId', 'level', 'category', 'minAmount', 'maxAmount'];

const CANDIDATE_LIMIT = 20;
const SEARCH_DEBOUNCE_MS = 300;

/** `value` once it has stopped changing for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(t);
  }, [value, ms]);
  return settled;
}

const candidateText = (c: TCandidate) => [c.name, c.company, c.title].filter(Boolean).join(' · ');

/**
 * One person at a time, searched among active employees by name, mobile, 工号 or DingTalk id (the accountants granted the
 * project may search); a whole list goes through 【Excel 导入】.
 */
function AddPartnerModal({
  projectId,
  detail,
  onClose,
  onAdded,
}: {
  projectId: number;
  detail: TRoundDetail;
  onClose: () => void;
  onAdded: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PartnerValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [typed, setTyped] = useState('');
  const q = useDebounced(typed.trim(), SEARCH_DEBOUNCE_MS);
  const search = useRequest(
    () => get<TCandidate[]>(`/api/projects/${projectId}/partner-candidates`, { q }),
    [projectId, q],
    { skip: !q },
  );
  // the chosen person stays an option while the search moves on, so the select keeps showing their name
  const [picked, setPicked] = useState<TCandidate | null>(null);
  const already = useMemo(() => new Set(detail.lines.map((l) => l.user.id)), [detail.lines]);
  const found = q ? (search.data ?? []) : [];
  const options = useMemo(() => {
    const list = picked && !found.some((c) => c.id === picked.id) ? [picked, ...found] : found;
    return list.map((c) => ({
      value: c.id,
      disabled: already.has(c.id),
      title: candidateText(c),
      label: (
        <span data-testid={`candidate-${c.id}`}>
          {c.name}
          <span className="muted">
            {[c.company, c.title, c.mobile]
              .filter(Boolean)
              .map((t) => ` · ${t}`)
              .join('')}
          </span>
          {c.dingUserId && (
            <span className="muted num" style={{ fontSize: 12 }}>
              （{c.dingUserId}）
            </span>
          )}
          {c.staffRoles.length > 0 && (
            <Tag
              color="orange"
              style={{ marginInlineStart: 6 }}
              title="该员工在系统中担任管理岗位，请确认确需将其列为合伙人"
            >
              {c.staffRoles.join('、')}
            </Tag>
          )}
          {already.has(c.id) && <span className="muted"> — 已在名单中</span>}
        </span>
      ),
    }));
  }, [found, picked, already]);
  const searching = !!typed.trim() && (typed.trim() !== q || search.loading);

  const submit = async () => {
    clearErrors(form);
    setError(null);
    if (
      !(await form.validateFields().then(
        () => true,
        () => false,
      ))
    )
      return;
    const v = form.getFieldsValue();
    const partner = parseWith(form, ZRoundPartnerInput, {
      userId: v.userId,
      level: v.level,
      category: v.category,
      minAmount: v.minAmount ?? undefined,
      maxAmount: v.maxAmount ?? undefined,
    });
    if (!partner) return;
    setBusy(true);
    try {
      await post(`/api/projects/${projectId}/rounds/${detail.round.id}/partners`, { partners: [partner] });
      message.success('已加入合伙名单');
      await onAdded();
    } catch (err) {
      const details = fieldDetails(err);
      if (details.length)
        markFields(
          form,
          details
            .map((d) => ({ name: d.path.replace(/^partners\.\d+\./, ''), errors: [d.message] }))
            .filter((f) => PARTNER_FIELDS.includes(f.name)),
        );
      else setError(await handleSaveError(err, { message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={`新增合伙人 · ${detail.round.title}`}
      width={640}
      okText="加入名单"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ level: 'CITY', category: 'VOLUNTARY' }}>
        <Form.Item
          name="userId"
          label="合伙人"
          required
          rules={[zodRule(ZRoundPartnerInput, 'userId', '请选择合伙人')]}
          extra={`在职员工，按姓名（本项目所属公司及上级公司）或完整手机号、工号搜索，最多显示 ${CANDIDATE_LIMIT} 人；整批名单请用【Excel 导入】。`}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setTyped }}
            placeholder="输入姓名、完整手机号或工号搜索"
            data-testid="partner-search"
            options={options}
            loading={searching}
            allowClear
            onChange={(id: number | undefined) =>
              setPicked(
                id === undefined ? null : ([...found, ...(picked ? [picked] : [])].find((c) => c.id === id) ?? null),
              )
            }
            notFoundContent={
              !typed.trim() ? (
                '输入姓名、完整手机号或工号搜索'
              ) : searching ? (
                <Spin size="small" />
              ) : search.error ? (
                errorMessage(search.error)
              ) : (
                '没有匹配的在职员工'
              )
            }
          />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="level" label="层级" required>
              <Select options={LEVELS.map((l) => ({ value: l, label: LEVEL_LABEL[l] }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="category" label="类别" required>
              <Radio.Group
                optionType="button"
                options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABEL[c] }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="minAmount"
              label="认购下限（元）"
              required
              validateFirst
              rules={[{ required: true, message: '请输入认购下限' }, zodRule(ZRoundPartnerInput, 'minAmount')]}
            >
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="maxAmount"
              label="认购上限（元）"
              required
              validateFirst
              rules={[{ required: true, message: '请输入认购上限' }, zodRule(ZRoundPartnerInput, 'maxAmount')]}
              extra={
                detail.personCap
                  ? `单人上限 ${formatMoney(detail.personCap)}；须为 ${formatMoney(detail.unit)} 的整数倍`
                  : undefined
              }
            >
              <MoneyInput />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}

// ---- Excel 导入 -------------------------------------------------------------------------------------------

interface ImportError {
  row: number;
  column: string;
  message: string;
}

function ImportPartnersModal({
  projectId,
  roundId,
  onClose,
  onImported,
}: {
  projectId: number;
  roundId: number;
  onClose: () => void;
  onImported: () => Promise<void>;
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<number | null>(null);
  const [error, setError] = useState<{ text: string; rows: ImportError[] } | null>(null);
  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const fd = new FormData();
      fd.append('file', file);
      const r = await post<TPartnersAdded>(`/api/projects/${projectId}/rounds/${roundId}/partners/import`, fd);
      setAdded(r.added);
      message.success(`已导入 ${r.added} 位合伙人`);
      await onImported();
    } catch (err) {
      const rows =
        err instanceof ApiError &&
        typeof err.details === 'object' &&
        err.details !== null &&
        Array.isArray((err.details as { errors?: unknown }).errors)
          ? (err.details as { errors: ImportError[] }).errors
          : [];
      setError({ text: errorMessage(err), rows });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="从 Excel 导入合伙名单"
      width={720}
      footer={<Button onClick={onClose}>关闭</Button>}
      onCancel={onClose}
      destroyOnHidden
    >
      <p>
        1. 下载模板，每行一位合伙人：姓名（有同名在职员工时另填手机号或工号）、层级、类别、认购下限、认购上限；钉钉ID
        可不填。
        <Button
          type="link"
          icon={<DownloadOutlined />}
          onClick={() =>
            download(`/api/projects/${projectId}/rounds/${roundId}/partners/template`, '合伙名单导入模板.xlsx').catch(
              (e: unknown) => message.error(errorMessage(e)),
            )
          }
        >
          下载导入模板
        </Button>
      </p>
      <p>2. 上传填好的文件。整份文件检查无误才会导入；有错误时不导入任何一行，改正后重新上传。</p>
      <Upload.Dragger
        accept=".xlsx"
        multiple={false}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(f) => {
          void upload(f);
          return false;
        }}
        data-testid="partner-import"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{busy ? '正在导入…' : '点击或拖拽 Excel 文件到此处'}</p>
      </Upload.Dragger>
      {added !== null && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 16 }}
          title={`成功导入 ${added} 位合伙人`}
          data-testid="partner-import-result"
        />
      )}
      {error && (
        <Alert type="error" showIcon style={{ marginTop: 16 }} title={error.text} data-testid="partner-import-result" />
      )}
      {error && error.rows.length > 0 && (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(e) => `${e.row}-${e.column}-${e.message}`}
          dataSource={error.rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          columns={[
            { title: '行', dataIndex: 'row', width: 80, render: (v: number) => <span className="num">第 {v} 行</span> },
            { title: '列', dataIndex: 'column', width: 100 },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      )}
    </Modal>
  );
}
