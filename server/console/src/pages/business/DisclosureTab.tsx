/**
 * 披露 (quick guide 6.1.1–6.1.3): the city accountant prepares a quarter's disclosure — the 盈亏动态 of that quarter
 * against 立项 (taken again on every save), the milestones, a narrative and attachments — and starts 披露(循环) on
 * DingTalk OA (here or in 项目流程). Once the flow completes, the business admin decides it here (披露审核: 审核通过,
 * or 退回 with a reason); on approval the project's holders get the day's merged 披露通知. A running flow is polled
 * until DingTalk's callback settles it.
 */
import { DeleteOutlined, DownloadOutlined, PlayCircleOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  ZDisclosureCreate,
  type TDisclosureDetail,
  type TDisclosureRow,
  type TDisclosureStatus,
  type TDynamicOverview,
} from '../../../../../shared/api/disclosure';
import type { TReviewDetail } from '../../../../../shared/api/reviews';
import { formatDateTime } from '../../../../../shared/datetime';
import { LoadError, notReady } from '../../components/table';
import { del, download, get, patch, post } from '../../lib/api';
import { parseWith } from '../../lib/forms';
import { useRequest } from '../../lib/useRequest';
import { handleSaveError } from './common';
import { comparisonColumns, milestoneColumns } from './DynamicTab';
import { RejectModal } from './ReviewTab';

const POLL_MS = 3000;
const STATUS_COLOR: Record<TDisclosureStatus, string> = {
  DRAFT: 'default',
  FLOW: 'processing',
  IN_REVIEW: 'gold',
  APPROVED: 'green',
  RETURNED: 'red',
};
const EDITABLE: TDisclosureStatus[] = ['DRAFT', 'RETURNED'];
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.bmp,.tif,.tiff,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.zip,.rar,.gz';

export function DisclosureTab({
  projectId,
  editable,
  reviewer,
}: {
  projectId: number;
  editable: boolean;
  reviewer: boolean;
}) {
  const list = useRequest(() => get<TDisclosureRow[]>(`/api/projects/${projectId}/disclosures`), [projectId]);
  const [selected, setSelected] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => list.data ?? [], [list.data]);
  useEffect(() => {
    if (!rows.length) setSelected(null);
    else if (selected === null || !rows.some((r) => r.id === selected)) setSelected(rows[0]!.id);
  }, [rows, selected]);
  const open = rows.find((r) => r.status !== 'APPROVED');

  const columns: ColumnsType<TDisclosureRow> = [
    {
      title: '报告期',
      dataIndex: 'periodLabel',
      render: (v: string, r) => (
        <span>
          {v} <span className="muted num">{r.period}</span>
        </span>
      ),
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 100,
      render: (s: TDisclosureStatus, r) => <Tag color={STATUS_COLOR[s]}>{r.statusLabel}</Tag>,
    },
    { title: '创建人', dataIndex: 'createdBy', width: 140 },
    {
      title: '创建时间',
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => <span className="num">{formatDateTime(v)}</span>,
    },
    {
      title: '披露通知',
      key: 'notice',
      width: 160,
      render: (_v, r) =>
        r.status === 'APPROVED' ? (
          <span className="num">
            {r.notified} / {r.recipients} 人已通知
          </span>
        ) : (
          <span className="muted">审核通过后发送</span>
        ),
    },
  ];

  const waiting = notReady(list, '披露');
  if (waiting) return waiting;
  return (
    <div data-testid="disclosure-tab">
      <LoadError error={list.error} what="披露" onRetry={list.reload} />
      <Space style={{ marginBottom: 12 }}>
        {editable && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            disabled={!!open}
            title={open ? `${open.periodLabel}的披露尚未完成` : undefined}
            onClick={() => setCreating(true)}
            data-testid="disclosure-new"
          >
            新建披露
          </Button>
        )}
        <span className="muted">
          审核通过后，项目的合伙人（资金台账中的持有人）当天收到一条合并的钉钉工作通知，列出当天向其披露的全部项目。
        </span>
      </Space>
      <Table
        className="biz-table"
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={rows}
        columns={columns}
        pagination={false}
        data-testid="disclosure-list"
        locale={{ emptyText: <Empty description="尚无披露" /> }}
        rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
        onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
      />
      {selected !== null && (
        <DisclosureDetail
          key={selected}
          projectId={projectId}
          id={selected}
          editable={editable}
          reviewer={reviewer}
          onChanged={list.reload}
        />
      )}
      {creating && (
        <CreateModal
          projectId={projectId}
          onClose={() => setCreating(false)}
          onCreated={async (id) => {
            setCreating(false);
            await list.reload();
            setSelected(id);
          }}
        />
      )}
    </div>
  );
}

function DisclosureDetail({
  projectId,
  id,
  editable,
  reviewer,
  onChanged,
}: {
  projectId: number;
  id: number;
  editable: boolean;
  reviewer: boolean;
  onChanged: () => Promise<void>;
}) {
  const { message, modal } = App.useApp();
  const url = `/api/projects/${projectId}/disclosures/${id}`;
  const detail = useRequest(() => get<TDisclosureDetail>(url), [url]);
  const d = detail.data;
  const review = useRequest(() => get<TReviewDetail>(`/api/reviews/${d!.reviewId}`), [d?.reviewId, d?.status], {
    skip: !reviewer || !d?.reviewId || d.status !== 'IN_REVIEW',
  });
  const [narrative, setNarrative] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [returning, setReturning] = useState(false);
  // the text typed is kept while polling answers the same version; a saved or moved-on disclosure brings its own
  const loaded = d ? `${d.id}:${d.version}` : '';
  const loadedNarrative = useRef<string | undefined>(undefined);
  loadedNarrative.current = d?.narrative;
  useEffect(() => {
    if (loadedNarrative.current !== undefined) setNarrative(loadedNarrative.current);
  }, [loaded]);
  const canEdit = editable && !!d && EDITABLE.includes(d.status);

  // DingTalk's callback moves a running flow on, and the business admin decides a review: poll until they do
  const reload = detail.reload;
  useEffect(() => {
    if (d?.status !== 'FLOW' && d?.status !== 'IN_REVIEW') return;
    const t = window.setInterval(() => {
      void reload().then(onChanged);
    }, POLL_MS);
    return () => window.clearInterval(t);
  }, [d?.status, reload, onChanged]);

  const refresh = async () => {
    await Promise.all([detail.reload(), onChanged()]);
  };

  const saveNarrative = async () => {
    if (!d) return;
    setBusy('save');
    try {
      await patch(url, { narrative, version: d.version });
      message.success('披露已保存（指标已按当前盈亏动态更新）');
      await refresh();
    } catch (err) {
      await handleSaveError(err, { message, reload: refresh });
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    setBusy('upload');
    try {
      const fd = new FormData();
      fd.append('file', file);
      await post(`${url}/attachments`, fd);
      message.success(`已上传 ${file.name}`);
      await detail.reload();
    } catch (err) {
      await handleSaveError(err, { message });
    } finally {
      setBusy(null);
    }
  };

  const removeAttachment = (attachmentId: number, name: string) =>
    modal.confirm({
      title: `删除附件「${name}」？`,
      okText: '删除',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        try {
          await del(`${url}/attachments/${attachmentId}`);
          await detail.reload();
        } catch (err) {
          await handleSaveError(err, { message });
        }
      },
    });

  const startFlow = () =>
    modal.confirm({
      title: '发起【披露(循环)】流程？',
      content: '将在钉钉 OA 发起审批；审批通过后进入披露审核。发起后披露不能再修改。',
      okText: '发起',
      cancelText: '取消',
      onOk: async () => {
        setBusy('flow');
        try {
          if (d && narrative !== d.narrative) await patch(url, { narrative, version: d.version });
          await post(`/api/projects/${projectId}/flows/DISCLOSURE/start`);
          message.success('已在钉钉发起【披露(循环)】审批');
          await refresh();
        } catch (err) {
          await handleSaveError(err, { message, reload: refresh });
        } finally {
          setBusy(null);
        }
      },
    });

  const approve = () =>
    modal.confirm({
      title: '审核通过？',
      content: '通过后，项目的合伙人将在当天的合并披露通知中收到本次披露。',
      okText: '审核通过',
      cancelText: '取消',
      onOk: async () => {
        if (!review.data) return;
        try {
          await post(`/api/reviews/${review.data.id}/approve`, { version: review.data.version });
          message.success('披露审核已通过');
          await refresh();
        } catch (err) {
          await handleSaveError(err, { message, reload: refresh });
        }
      },
    });

  if (detail.error) return <LoadError error={detail.error} what="披露详情" onRetry={detail.reload} />;
  if (!d) return null;
  const snap = d.snapshot;
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      data-testid="disclosure-detail"
      title={
        <Space>
          <span>{d.periodLabel}披露</span>
          <Tag color={STATUS_COLOR[d.status]}>{d.statusLabel}</Tag>
        </Space>
      }
      extra={
        canEdit && (
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            loading={busy === 'flow'}
            onClick={startFlow}
            data-testid="disclosure-start-flow"
          >
            发起披露流程
          </Button>
        )
      }
    >
      {d.status === 'RETURNED' && d.returnReason && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={`披露审核已退回：${d.returnReason}`}
          description="请修改后重新发起披露流程。"
        />
      )}
      {d.status === 'FLOW' && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="披露(循环) 流程在钉钉审批中，完成后进入披露审核。"
        />
      )}
      {d.status === 'IN_REVIEW' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={reviewer ? '披露审核：请核对以下内容后审核通过或退回' : '流程已完成，等待业务管理员披露审核'}
          action={
            reviewer &&
            review.data && (
              <Space>
                <Button type="primary" size="small" onClick={approve} data-testid="disclosure-approve">
                  审核通过
                </Button>
                <Button danger size="small" onClick={() => setReturning(true)} data-testid="disclosure-return">
                  退回
                </Button>
              </Space>
            )
          }
        />
      )}
      {d.status === 'APPROVED' && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          title={`已于 ${formatDateTime(d.approvedAt)} 审核通过：${d.recipients} 位合伙人，已通知 ${d.notified} 位（每人每天一条合并通知）`}
        />
      )}
      <Descriptions
        size="small"
        column={3}
        style={{ marginBottom: 12 }}
        items={[
          { key: 'p', label: '报告期', children: `${d.periodLabel}（${d.period}）` },
          { key: 'c', label: '创建人', children: d.createdBy ?? '—' },
          {
            key: 'f',
            label: '钉钉审批',
            children: d.flow ? `第 ${d.flow.run} 次 · ${d.flow.instanceId ?? '—'}` : '未发起',
          },
        ]}
      />
      {snap && (
        <>
          <Typography.Title level={5}>盈利指标（立项 vs 动态）</Typography.Title>
          <Table
            size="small"
            rowKey="field"
            pagination={false}
            dataSource={snap.comparison}
            columns={comparisonColumns}
            data-testid="disclosure-comparison"
          />
          {snap.milestones.length > 0 && (
            <Table
              style={{ marginTop: 12 }}
              size="small"
              rowKey="kind"
              pagination={false}
              dataSource={snap.milestones}
              columns={milestoneColumns}
            />
          )}
        </>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        披露说明
      </Typography.Title>
      {canEdit ? (
        <Space.Compact style={{ width: '100%' }} direction="vertical">
          <Input.TextArea
            rows={4}
            maxLength={5000}
            value={narrative}
            onChange={(e) => setNarrative(e.target.value)}
            aria-label="披露说明"
          />
          <div style={{ marginTop: 8 }}>
            <Button onClick={() => void saveNarrative()} loading={busy === 'save'} data-testid="disclosure-save">
              保存（并按当前盈亏动态更新指标）
            </Button>
          </div>
        </Space.Compact>
      ) : (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} data-testid="disclosure-narrative">
          {d.narrative}
        </Typography.Paragraph>
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        附件
      </Typography.Title>
      <List
        size="small"
        dataSource={d.attachments}
        locale={{ emptyText: '无附件' }}
        renderItem={(a) => (
          <List.Item
            actions={[
              <Button
                key="d"
                type="link"
                size="small"
                icon={<DownloadOutlined />}
                onClick={() => void download(`${url}/attachments/${a.id}`, a.fileName)}
              >
                下载
              </Button>,
              ...(canEdit
                ? [
                    <Button
                      key="x"
                      type="link"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      onClick={() => removeAttachment(a.id, a.fileName)}
                    >
                      删除
                    </Button>,
                  ]
                : []),
            ]}
          >
            {a.fileName} <span className="muted num">（{Math.max(1, Math.round(a.size / 1024))} KB）</span>
          </List.Item>
        )}
      />
      {canEdit && (
        <Upload
          accept={ACCEPT}
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={busy === 'upload'} style={{ marginTop: 8 }}>
            上传附件
          </Button>
          <span className="muted" style={{ marginLeft: 8 }}>
            PDF、图片、Word、Excel、PPT 或压缩包，每个不超过 10 MB，最多 10 个
          </span>
        </Upload>
      )}
      {returning && review.data && (
        <RejectModal
          review={review.data}
          hint="退回后不通知任何合伙人；原因会通知发起流程的经营会计，并显示在本页"
          onClose={() => setReturning(false)}
          onDone={async () => {
            setReturning(false);
            await refresh();
          }}
        />
      )}
    </Card>
  );
}

function CreateModal({
  projectId,
  onClose,
  onCreated,
}: {
  projectId: number;
  onClose: () => void;
  onCreated: (id: number) => Promise<void>;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ period?: string; narrative?: string }>();
  const [busy, setBusy] = useState(false);
  const overview = useRequest(
    () => get<TDynamicOverview>(`/api/projects/${projectId}/dynamic-indicators`),
    [projectId],
  );
  const periods = [...(overview.data?.periods ?? [])].reverse();
  useEffect(() => {
    if (periods[0] && !form.getFieldValue('period')) form.setFieldsValue({ period: periods[0].period });
  }, [periods, form]);
  const submit = async () => {
    const body = parseWith(form, ZDisclosureCreate, form.getFieldsValue());
    if (!body) return;
    setBusy(true);
    try {
      const d = await post<TDisclosureDetail>(`/api/projects/${projectId}/disclosures`, body);
      message.success(`已新建${d.periodLabel}披露`);
      await onCreated(d.id);
    } catch (err) {
      await handleSaveError(err, { form, fields: ['period', 'narrative'], message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title="新建披露"
      okText="新建"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {overview.data && !periods.length ? (
        <Alert type="warning" showIcon title="请先在【盈亏动态】中填写报告期的动态数据。" />
      ) : (
        <Form form={form} layout="vertical" data-testid="disclosure-form">
          <Form.Item name="period" label="报告期" extra="披露该报告期的盈亏动态与关键节点（与立项对比）">
            <Select
              aria-label="报告期"
              loading={overview.loading}
              options={periods.map((p) => ({ value: p.period, label: `${p.periodLabel}（${p.period}）` }))}
            />
          </Form.Item>
          <Form.Item name="narrative" label="披露说明" extra="合伙人在小程序中看到的文字（经营情况、变化原因等）">
            <Input.TextArea rows={5} maxLength={5000} aria-label="披露说明" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
