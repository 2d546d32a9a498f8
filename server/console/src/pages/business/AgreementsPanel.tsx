/**
 * 协议 in 合伙名单 once the round is 已立项: the 协议状态 column (未生成 / 待签署 / 已签署, 需重新生成 when the ledger moved
 * since), 生成协议 for the round's partners with a progress bar (the partners go to the BFF in chunks), per partner the
 * documents (download, 重新生成 with a reason — a signed one only as a new version, after a warning) and 发送签署提醒.
 */
import { DownloadOutlined, FileProtectOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Progress, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type {
  TAgreementList,
  TAgreementRemindersSent,
  TAgreementVersion,
  TGenerateResult,
  TPartnerAgreements,
} from '../../../../../shared/api/agreements';
import {
  AGREEMENT_KIND_LABEL,
  AGREEMENT_STATE_LABEL,
  AGREEMENT_STATUS_LABEL,
  type TAgreementState,
} from '../../../../../shared/api/labels';
import { formatDateTime } from '../../../../../shared/datetime';
import { Money } from '../../components/table';
import { download, errorMessage, get, post } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';
import { handleSaveError } from './common';

const STATE_COLOR: Record<TAgreementState, string> = { NONE: 'default', PENDING: 'orange', SIGNED: 'green' };
const CHUNK = 5;

export function AgreementStateTag({ line }: { line: TPartnerAgreements | undefined }) {
  const state = line?.state ?? 'NONE';
  return (
    <span data-testid="agreement-state">
      <Tag color={STATE_COLOR[state]} style={{ marginInlineEnd: 0 }}>
        {AGREEMENT_STATE_LABEL[state]}
      </Tag>
      {line?.outdated && (
        <Tooltip title="资金台账中的认缴额与协议不一致（如峰值变更后），请生成补充协议或重新生成">
          <Tag color="red" style={{ marginInlineStart: 4, marginInlineEnd: 0 }}>
            需重新生成
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}

/** The 协议 column, toolbar buttons and dialogs for a confirmed round; nothing before 立项. */
export function useRoundAgreements(opts: {
  projectId: number;
  roundId: number | undefined;
  confirmed: boolean;
  editable: boolean;
}) {
  const { projectId, roundId, confirmed, editable } = opts;
  const { message, modal } = App.useApp();
  const agreements = useRequest(
    () => get<TAgreementList>(`/api/projects/${projectId}/agreements`, { roundId }),
    [projectId, roundId],
    { skip: !confirmed || !roundId },
  );
  const [progress, setProgress] = useState<{ done: number; total: number; generated: number } | null>(null);
  const [viewing, setViewing] = useState<number | null>(null);
  const [reminding, setReminding] = useState(false);
  const byUser = new Map((agreements.data?.partners ?? []).map((p) => [p.userId, p]));

  if (!confirmed || !roundId) return { column: null, toolbar: null, dialogs: null };

  const generate = async () => {
    const todo = (agreements.data?.partners ?? []).filter((p) => p.state === 'NONE' || p.outdated).map((p) => p.userId);
    if (!todo.length) {
      message.info('每位合伙人的协议都已生成');
      return;
    }
    setProgress({ done: 0, total: todo.length, generated: 0 });
    let generated = 0;
    try {
      for (let i = 0; i < todo.length; i += CHUNK) {
        const chunk = todo.slice(i, i + CHUNK);
        const r = await post<TGenerateResult>(`/api/projects/${projectId}/agreements/generate`, {
          roundId,
          userIds: chunk,
        });
        generated += r.generated;
        setProgress({ done: Math.min(i + CHUNK, todo.length), total: todo.length, generated });
      }
      message.success(`已生成 ${generated} 份协议`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setProgress(null);
      await agreements.reload();
    }
  };

  const remind = () => {
    const pending = (agreements.data?.partners ?? []).filter((p) => p.state === 'PENDING');
    modal.confirm({
      title: '发送签署提醒',
      content: `将通过钉钉工作通知提醒 ${pending.length} 位尚未签署的合伙人（点开进入小程序协议页）。`,
      okText: '确认发送',
      cancelText: '取消',
      onOk: async () => {
        setReminding(true);
        try {
          const r = await post<TAgreementRemindersSent>(`/api/projects/${projectId}/agreements/reminders`, {
            roundId,
          });
          message.success(
            `签署提醒已发送给 ${r.recipients} 人${r.skipped ? `（${r.skipped} 人无钉钉账号或已离职，未发送）` : ''}`,
          );
        } catch (err) {
          await handleSaveError(err, { message });
        } finally {
          setReminding(false);
        }
      },
    });
  };

  const counts = agreements.data?.counts;
  const column = {
    title: '协议状态',
    key: 'agreement',
    width: 150,
    render: (_v: unknown, r: { user: { id: number; name: string } }) => {
      const line = byUser.get(r.user.id);
      return (
        <Space size={4}>
          <AgreementStateTag line={line} />
          {line && line.documents.length > 0 && (
            <Button
              type="link"
              size="small"
              onClick={() => setViewing(r.user.id)}
              aria-label={`查看协议 ${r.user.name}`}
            >
              查看
            </Button>
          )}
        </Space>
      );
    },
  };

  const toolbar = (
    <>
      {editable && (
        <Button
          icon={<FileProtectOutlined />}
          loading={!!progress}
          onClick={generate}
          disabled={agreements.loading}
          data-testid="generate-agreements"
        >
          生成协议
        </Button>
      )}
      {editable && (
        <Button
          icon={<SendOutlined />}
          loading={reminding}
          disabled={!counts?.PENDING}
          onClick={remind}
          data-testid="agreement-reminders"
        >
          发送签署提醒
        </Button>
      )}
      {counts && (
        <span className="muted" data-testid="agreement-counts">
          协议：未生成 {counts.NONE} · 待签署 {counts.PENDING} · 已签署 {counts.SIGNED}
        </span>
      )}
    </>
  );

  const viewingLine = viewing === null ? undefined : byUser.get(viewing);
  const dialogs = (
    <>
      <Modal open={!!progress} title="生成协议" footer={null} closable={false} maskClosable={false}>
        {progress && (
          <div data-testid="agreement-progress">
            <Progress percent={Math.round((progress.done / progress.total) * 100)} />
            <div className="muted">
              已处理 {progress.done} / {progress.total} 位合伙人，生成 {progress.generated} 份协议
            </div>
          </div>
        )}
      </Modal>
      {viewingLine && (
        <DocumentsModal
          projectId={projectId}
          line={viewingLine}
          editable={editable}
          onClose={() => setViewing(null)}
          onChanged={agreements.reload}
        />
      )}
    </>
  );
  return { column, toolbar, dialogs };
}

function DocumentsModal(props: {
  projectId: number;
  line: TPartnerAgreements;
  editable: boolean;
  onClose: () => void;
  onChanged: () => Promise<void>;
}) {
  const { projectId, line, editable } = props;
  const { message, modal } = App.useApp();
  const [regenerating, setRegenerating] = useState<TAgreementVersion | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const latestOf = (d: TAgreementVersion) =>
    !line.documents.some((o) => o.number === d.number && o.version > d.version);

  const submit = async (replaceSigned: boolean) => {
    const { reason } = await form.validateFields();
    try {
      await post(`/api/projects/${projectId}/agreements/${regenerating!.id}/regenerate`, { reason, replaceSigned });
      message.success('已生成新版本');
      setRegenerating(null);
      form.resetFields();
      await props.onChanged();
    } catch (err) {
      await handleSaveError(err, { message });
    }
  };
  const confirmRegenerate = () => {
    if (regenerating?.status !== 'SIGNED') return submit(false);
    modal.confirm({
      title: '该协议已签署',
      content: '已签署的版本保持不变并继续显示；将生成一个新版本，需合伙人重新签署。确定生成新版本？',
      okText: '生成新版本',
      cancelText: '取消',
      onOk: () => submit(true),
    });
  };

  const columns: ColumnsType<TAgreementVersion> = [
    {
      title: '协议',
      key: 'title',
      render: (_v, d) => (
        <span>
          {AGREEMENT_KIND_LABEL[d.kind]}
          <div className="muted num" style={{ fontSize: 12 }}>
            {d.number} · 第 {d.version} 版
          </div>
        </span>
      ),
    },
    {
      title: '认缴金额',
      dataIndex: 'amount',
      align: 'right',
      width: 140,
      render: (v: string) => <Money value={v} />,
    },
    {
      title: '状态',
      dataIndex: 'status',
      width: 90,
      render: (v: TAgreementVersion['status']) => (
        <Tag color={v === 'SIGNED' ? 'green' : 'orange'}>{AGREEMENT_STATUS_LABEL[v]}</Tag>
      ),
    },
    {
      title: '生成 / 签署',
      key: 'at',
      width: 150,
      render: (_v, d) => (
        <span className="num" style={{ fontSize: 12 }}>
          {formatDateTime(d.generatedAt)}
          <br />
          {d.signedAt ? formatDateTime(d.signedAt) : '—'}
        </span>
      ),
    },
    {
      title: '操作',
      key: 'op',
      width: 170,
      render: (_v, d) => (
        <span>
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            onClick={() =>
              download(`/api/projects/${projectId}/agreements/${d.id}/pdf`, d.fileName).catch((err) =>
                message.error(errorMessage(err)),
              )
            }
          >
            下载
          </Button>
          {editable && latestOf(d) && (
            <Button type="link" size="small" icon={<ReloadOutlined />} onClick={() => setRegenerating(d)}>
              重新生成
            </Button>
          )}
        </span>
      ),
    },
  ];

  return (
    <Modal open title={`${line.name} 的协议`} width={820} onCancel={props.onClose} footer={null}>
      <Table<TAgreementVersion>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={line.documents}
        pagination={false}
        data-testid="agreement-documents"
      />
      <Modal
        open={!!regenerating}
        title={regenerating ? `重新生成 ${regenerating.number}` : ''}
        okText="重新生成"
        cancelText="取消"
        onOk={confirmRegenerate}
        onCancel={() => setRegenerating(null)}
      >
        <p className="muted">按资金台账当前的认缴额和现行模板生成新版本，旧版本保留。</p>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label="原因" rules={[{ required: true, message: '请填写重新生成的原因' }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </Modal>
  );
}
