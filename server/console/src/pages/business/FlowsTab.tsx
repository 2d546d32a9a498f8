/**
 * 项目流程 (quick guide 2.2.2, 2.4.5): the manual's list of 11 (披露(循环) decides the project's open disclosure) — 序号 / 流程 / 发起人 / 发起时间 / 完成时间 / 流程状态 /
 * 操作 (发起, 重置 for the business admin, 查看). A running flow is polled until DingTalk's callback settles it.
 */
import {
  ExportOutlined,
  EyeOutlined,
  PlayCircleOutlined,
  ReloadOutlined,
  UndoOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Modal, Space, Table, Tooltip } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useRef, useState } from 'react';
import { FLOW_LABEL } from '../../../../../shared/api/scheme';
import { formatDateTime } from '../../../../../shared/datetime';
import { useAuth } from '../../auth';
import { LoadError, notReady } from '../../components/table';
import { hasRole } from '../../lib/access';
import { get, post } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';
import { FlowStatusTag, handleSaveError } from './common';
import type { TFlowForm, TFlowFormField, TFlowRow, TFlowRun } from '../../../../../shared/api/flows';
import { unmappedMessage } from '../../../../../shared/api/approval-templates';

const POLL_MS = 3000;

export function FlowsTab({
  projectId,
  editable,
  onFlowSettled,
}: {
  projectId: number;
  editable: boolean;
  onFlowSettled: () => Promise<void>;
}) {
  const { me } = useAuth();
  const { message, modal } = App.useApp();
  const canReset = hasRole(me, 'BUSINESS_ADMIN', 'SYSTEM_ADMIN');
  const flows = useRequest(() => get<TFlowRow[]>(`/api/projects/${projectId}/flows`), [projectId]);
  const [busy, setBusy] = useState<string | null>(null);
  const [viewing, setViewing] = useState<TFlowRow | null>(null);
  const running = (flows.data ?? []).some((f) => f.latest?.status === 'RUNNING');
  const wasRunning = useRef(false);
  const settled = useRef(onFlowSettled);
  settled.current = onFlowSettled;
  const reloadFlows = flows.reload;

  // DingTalk's callback finishes a flow on the server: poll while one runs, then refresh what it changed (also once
  // when one starts)
  useEffect(() => {
    if (!running) {
      if (wasRunning.current) {
        wasRunning.current = false;
        void settled.current();
      }
      return;
    }
    if (!wasRunning.current) {
      // started: what shows the project's next step (the banner) moves on too
      wasRunning.current = true;
      void settled.current();
    }
    const t = window.setInterval(() => {
      void reloadFlows();
    }, POLL_MS);
    return () => window.clearInterval(t);
  }, [running, reloadFlows]);

  const start = (f: TFlowRow) => {
    modal.confirm({
      title: `发起【${f.label}】审批？`,
      content:
        '将以您的钉钉账号发起 OA 审批，表单内容取自本系统的立项与认购数据。审批完成后系统自动更新状态，并在项目群中发送机器人消息。',
      okText: '确认发起',
      cancelText: '取消',
      onOk: async () => {
        setBusy(f.type);
        try {
          await post(`/api/projects/${projectId}/flows/${f.type}/start`);
          message.success(`【${f.label}】已发起，等待钉钉审批`);
          await flows.reload();
        } catch (err) {
          await handleSaveError(err, { message, reload: flows.reload });
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const reset = (f: TFlowRow) => {
    if (!f.latest) return;
    const run = f.latest;
    modal.confirm({
      title: `重置【${f.label}】？`,
      content: `第 ${run.run} 次流程将标记为“已重置”（记录保留并写入系统日志），之后可重新发起。`,
      okText: '确认重置',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await post(`/api/projects/${projectId}/flows/${run.id}/reset`);
          message.success(`【${f.label}】已重置`);
          await flows.reload();
        } catch (err) {
          await handleSaveError(err, { message, reload: flows.reload });
        }
      },
    });
  };

  const startBlocked = (f: TFlowRow): string | null => {
    if (!f.available) return '该流程不可发起';
    if (!f.templateConfigured) return unmappedMessage(f.type);
    if (f.latest?.status === 'RUNNING') return '正在审批中';
    if (f.latest?.status === 'COMPLETED' && !f.repeatable) return '已完成；如需重新发起，请业务管理员在此重置';
    return null;
  };

  const columns: ColumnsType<TFlowRow> = [
    {
      title: '序号',
      dataIndex: 'seq',
      width: 60,
      align: 'center',
      render: (v: number) => <span className="num">{v}</span>,
    },
    {
      title: '流程',
      dataIndex: 'label',
      render: (v: string, f) => (
        <span>
          {v}
          {f.runs > 1 && <span className="muted">（第 {f.latest?.run ?? f.runs} 次）</span>}
          {f.available && !f.templateConfigured && (
            <Tooltip title={unmappedMessage(f.type)}>
              <WarningOutlined style={{ color: '#d46b08', marginLeft: 6 }} aria-label={`${v} 未配置审批模板`} />
            </Tooltip>
          )}
        </span>
      ),
    },
    { title: '发起人', key: 'by', width: 160, render: (_v, f) => f.latest?.startedBy ?? '' },
    {
      title: '发起时间',
      key: 'at',
      width: 150,
      render: (_v, f) => <span className="num">{f.latest ? formatDateTime(f.latest.startedAt) : ''}</span>,
    },
    {
      title: '完成时间',
      key: 'done',
      width: 150,
      render: (_v, f) => (
        <span className="num">{f.latest?.completedAt ? formatDateTime(f.latest.completedAt) : ''}</span>
      ),
    },
    {
      title: '流程状态',
      key: 'status',
      width: 100,
      render: (_v, f) => <FlowStatusTag status={f.latest?.status ?? 'NOT_STARTED'} />,
    },
    {
      title: '操作',
      key: 'op',
      width: 300,
      render: (_v, f) => {
        const blocked = startBlocked(f);
        return (
          <Space size={0}>
            {editable && (
              <Tooltip title={blocked}>
                <Button
                  type="link"
                  size="small"
                  icon={<PlayCircleOutlined />}
                  disabled={!!blocked}
                  loading={busy === f.type}
                  onClick={() => start(f)}
                  aria-label={`发起 ${f.label}`}
                >
                  发起
                </Button>
              </Tooltip>
            )}
            {f.latest && (
              <Button
                type="link"
                size="small"
                icon={<EyeOutlined />}
                onClick={() => setViewing(f)}
                aria-label={`查看 ${f.label}`}
              >
                查看
              </Button>
            )}
            {f.latest && <BpmLink run={f.latest} label={f.label} />}
            {canReset && f.latest && f.latest.status !== 'RESET' && (
              <Button
                type="link"
                size="small"
                danger
                icon={<UndoOutlined />}
                onClick={() => reset(f)}
                aria-label={`重置 ${f.label}`}
              >
                重置
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  // A flow the product cannot run (no definition on the server) is not listed: a row whose 发起 can never
  // work is noise. One that has runs (from before) stays, to be looked at.
  const shown = flows.data?.filter((f) => f.available || f.latest);
  const unmapped = (flows.data ?? []).filter((f) => f.available && !f.templateConfigured);

  const waiting = notReady(flows, '项目流程');
  if (waiting) return waiting;
  return (
    <div>
      <div className="toolbar">
        <div className="toolbar-left muted">
          发起后在钉钉 OA 中审批；审批完成由钉钉回调更新状态，并在项目群发送机器人消息。
          {running && '（审批中，状态自动刷新）'}
        </div>
        <div className="toolbar-right">
          <Button icon={<ReloadOutlined />} onClick={() => void flows.reload()}>
            刷新
          </Button>
        </div>
      </div>
      <LoadError error={flows.error} what="项目流程" onRetry={flows.reload} />
      {unmapped.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="flow-templates-missing"
          title={`以下流程尚未配置钉钉审批模板，暂不能发起：${unmapped.map((f) => `【${f.label}】`).join('')}`}
          description="请系统管理员在 钉钉设置 → 审批模板 中填写各流程的钉钉审批模板编码（processCode）和字段对应关系。"
        />
      )}
      <Table<TFlowRow>
        className="biz-table"
        rowKey="type"
        size="middle"
        columns={columns}
        dataSource={shown}
        loading={flows.loading && !flows.data}
        pagination={false}
        data-testid="flow-table"
      />
      {viewing && <FlowView flow={viewing} onClose={() => setViewing(null)} />}
    </div>
  );
}

export function FlowView({ flow, onClose }: { flow: TFlowRow; onClose: () => void }) {
  const run = flow.latest!;
  const form = run.form;
  return (
    <Modal
      open
      title={`${FLOW_LABEL[flow.type]} · 第 ${run.run} 次`}
      width={820}
      footer={
        <Space>
          <BpmLink run={run} label={FLOW_LABEL[flow.type]} button />
          <Button onClick={onClose}>关闭</Button>
        </Space>
      }
      onCancel={onClose}
    >
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
      {form ? (
        <FlowFormView form={form} />
      ) : (
        <>
          <div className="biz-section-title">表单信息</div>
          <div className="muted" data-testid="flow-form-missing">
            该次流程发起时未保存表单内容，可在钉钉 OA 审批单（实例 {run.instanceId ?? '—'}）中查看。
          </div>
        </>
      )}
    </Modal>
  );
}

/** 查看BPM: opens the instance where DingTalk shows it (the instance's pcUrl); nothing when DingTalk gave none. */
export function BpmLink({ run, label, button }: { run: TFlowRun; label: string; button?: boolean }) {
  if (!run.instanceUrl) return null;
  return (
    <Button
      type={button ? 'primary' : 'link'}
      size={button ? 'middle' : 'small'}
      icon={<ExportOutlined />}
      href={run.instanceUrl}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={`查看BPM ${label}`}
    >
      {button ? '在钉钉中查看审批单' : '查看BPM'}
    </Button>
  );
}

/** Figures arrive formatted (¥1,000.00, 0.300%): those read right-aligned in a table. */
const looksNumeric = (v: string) => /^[-+¥\d.,%\s]+$/.test(v) && /\d/.test(v);

/** A table field: its columns are the cell names, in the order they first appear. */
function FormTable({ name, rows }: { name: string; rows: { name: string; value: string }[][] }) {
  const names: string[] = [];
  for (const row of rows) for (const c of row) if (!names.includes(c.name)) names.push(c.name);
  const data = rows.map((row, i) => ({ key: i, cells: new Map(row.map((c) => [c.name, c.value])) }));
  return (
    <Table
      size="small"
      pagination={false}
      bordered
      className="flow-form-table"
      aria-label={name}
      dataSource={data}
      rowKey="key"
      locale={{ emptyText: '（无）' }}
      columns={names.map((n) => ({
        title: n,
        key: n,
        align: data.every((r) => looksNumeric(r.cells.get(n) ?? '0')) ? ('right' as const) : ('left' as const),
        render: (_v: unknown, r: (typeof data)[number]) => <span className="num">{r.cells.get(n) ?? ''}</span>,
      }))}
    />
  );
}

function fieldContent(f: TFlowFormField) {
  if ('table' in f) return <FormTable name={f.name} rows={f.table} />;
  if ('list' in f)
    return f.list.length ? (
      <ul className="flow-form-list">
        {f.list.map((v, i) => (
          <li key={i}>{v}</li>
        ))}
      </ul>
    ) : (
      <span className="muted">（无）</span>
    );
  return f.value === '' ? <span className="muted">—</span> : <span style={{ whiteSpace: 'pre-wrap' }}>{f.value}</span>;
}

/**
 * The form as sent to DingTalk: plain values two to a row, lists and tables across the whole row (the item
 * before a wide one stretches to the end of its row so the wide one starts a new row).
 */
export function FlowFormView({ form }: { form: TFlowForm }) {
  const items: NonNullable<DescriptionsProps['items']> = [];
  let col = 0;
  form.fields.forEach((f, i) => {
    const wide = 'table' in f || 'list' in f;
    const prev = items[items.length - 1];
    if (wide && col === 1 && prev) prev.span = 'filled';
    items.push({ key: `${i}-${f.name}`, label: f.name, span: wide ? 2 : 1, children: fieldContent(f) });
    col = wide ? 0 : (col + 1) % 2;
  });
  const last = items[items.length - 1];
  if (col === 1 && last) last.span = 'filled';
  return (
    <div data-testid="flow-form">
      <Descriptions
        size="small"
        bordered
        column={2}
        title={<span className="biz-section-title">表单信息 · {form.title}</span>}
        styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}
        items={items}
      />
    </div>
  );
}
