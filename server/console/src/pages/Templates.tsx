/**
 * 模板管理: every text the product sends or prints, its version in force, an editor with the kind's placeholders
 * (click to insert), validation and preview as you type (the server's own check and renderer), a partner's real data
 * in the preview for who may read the project, 保存 with a change note, and the version history with a diff against
 * the version before and 恢复为新版本.
 */
import { HistoryOutlined, RollbackOutlined, SaveOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import type { InputRef } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatDateTime } from '../../../../shared/datetime';
import {
  diffLines,
  TEMPLATE_CATALOGUE,
  type PlaceholderDef,
  type TTemplateChannel,
  type TTemplateKind,
} from '../../../../shared/templates';
import type {
  TPreviewPartners,
  TTemplateDetail,
  TTemplatePreview,
  TTemplateSummary,
  TTemplateVersion,
} from '../../../../shared/api/templates';
import type { TPage } from '../../../../shared/api/common';
import type { TProject } from '../../../../shared/api/identity';
import { useAuth } from '../auth';
import { LoadError } from '../components/table';
import { ApiError, errorMessage, get, post, put } from '../lib/api';
import { hasRole } from '../lib/access';
import { isVersionConflict, VERSION_CONFLICT_TEXT } from '../lib/forms';
import { useRequest } from '../lib/useRequest';

const CHANNEL_LABEL: Record<TTemplateChannel, string> = { WORK: '工作通知', ROBOT: '群机器人', DOCUMENT: '协议文本' };

interface Problem {
  message: string;
  placeholder?: string | null;
  line?: number;
  path?: string[];
}

export function TemplatesPage() {
  const { modal } = App.useApp();
  const list = useRequest(() => get<{ items: TTemplateSummary[] }>('/api/templates'), []);
  const [kind, setKind] = useState<TTemplateKind>('SUBSCRIPTION_NOTICE');
  const dirty = useRef(false);
  const open = (next: TTemplateKind) => {
    if (next === kind) return;
    if (!dirty.current) return setKind(next);
    modal.confirm({
      title: '放弃未保存的修改？',
      content: `${TEMPLATE_CATALOGUE[kind].label}有未保存的修改，切换后将丢失。`,
      okText: '放弃并切换',
      onOk: () => {
        dirty.current = false;
        setKind(next);
      },
    });
  };
  if (list.error) return <LoadError error={list.error} what="模板" onRetry={list.reload} />;
  return (
    <Row gutter={16}>
      <Col xs={24} xl={7}>
        <Card size="small" title="模板" data-testid="template-list">
          <Table<TTemplateSummary>
            rowKey="kind"
            size="small"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            pagination={false}
            onRow={(r) => ({ onClick: () => open(r.kind), style: { cursor: 'pointer' } })}
            rowClassName={(r) => (r.kind === kind ? 'ant-table-row-selected' : '')}
            columns={[
              { title: '名称', dataIndex: 'label', render: (v: string) => <a>{v}</a> },
              { title: '类型', dataIndex: 'channel', width: 90, render: (c: TTemplateChannel) => CHANNEL_LABEL[c] },
              { title: '当前版本', dataIndex: 'version', width: 80, render: (v: number) => <Tag>第 {v} 版</Tag> },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={17}>
        <TemplateEditor
          key={kind}
          kind={kind}
          onSaved={list.reload}
          onDirty={(d) => {
            dirty.current = d;
          }}
        />
      </Col>
    </Row>
  );
}

function TemplateEditor({
  kind,
  onSaved,
  onDirty,
}: {
  kind: TTemplateKind;
  onSaved: () => Promise<void>;
  onDirty: (dirty: boolean) => void;
}) {
  const { message } = App.useApp();
  const def = TEMPLATE_CATALOGUE[kind];
  const detail = useRequest(() => get<TTemplateDetail>(`/api/templates/${kind}`), [kind]);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [saveOpen, setSaveOpen] = useState(false);
  const [historyOpen, setHistoryOpen] = useState(false);
  const bodyRef = useRef<TextAreaRef>(null);
  const titleRef = useRef<InputRef>(null);
  const lastField = useRef<'title' | 'body'>('body');
  const current = detail.data?.current;

  useEffect(() => {
    if (current) {
      setTitle(current.title);
      setBody(current.body);
    }
  }, [current]);

  const dirty = !!current && (current.title !== title || current.body !== body);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);

  const insert = (text: string) => {
    const field = def.channel === 'DOCUMENT' ? 'body' : lastField.current;
    const el = field === 'body' ? bodyRef.current?.resizableTextArea?.textArea : titleRef.current?.input;
    const value = field === 'body' ? body : title;
    const start = el?.selectionStart ?? value.length;
    const end = el?.selectionEnd ?? value.length;
    const next = value.slice(0, start) + text + value.slice(end);
    if (field === 'body') setBody(next);
    else setTitle(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  if (detail.error) return <LoadError error={detail.error} what="模板" onRetry={detail.reload} />;
  return (
    <Card
      size="small"
      loading={detail.loading && !current}
      title={
        <Space>
          <span>{def.label}</span>
          {current && <Tag color="blue">当前第 {current.version} 版</Tag>}
          {dirty && <Tag color="orange">未保存的修改</Tag>}
        </Space>
      }
      extra={
        <Space>
          <Button icon={<HistoryOutlined />} onClick={() => setHistoryOpen(true)}>
            版本历史
          </Button>
          <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} onClick={() => setSaveOpen(true)}>
            保存
          </Button>
        </Space>
      }
      data-testid="template-editor"
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        {def.description}
        {current &&
          `。当前版本由 ${current.createdByName ?? '—'} 于 ${formatDateTime(current.createdAt)} 保存：${current.note}`}
      </Typography.Paragraph>
      <Palette placeholders={def.placeholders} onInsert={insert} />
      <Row gutter={16} style={{ marginTop: 12 }}>
        <Col xs={24} xxl={12}>
          <Form layout="vertical">
            {def.channel !== 'DOCUMENT' && (
              <Form.Item label="标题" style={{ marginBottom: 12 }}>
                <Input
                  ref={titleRef}
                  value={title}
                  onChange={(e) => setTitle(e.target.value)}
                  onFocus={() => (lastField.current = 'title')}
                  data-testid="template-title"
                />
              </Form.Item>
            )}
            <Form.Item
              label={def.channel === 'DOCUMENT' ? '正文（“# ”开头为标题，段落之间空一行）' : '正文（钉钉 Markdown）'}
              style={{ marginBottom: 0 }}
            >
              <Input.TextArea
                ref={bodyRef}
                value={body}
                onChange={(e) => setBody(e.target.value)}
                onFocus={() => (lastField.current = 'body')}
                autoSize={{ minRows: 12, maxRows: 30 }}
                style={{ fontFamily: 'monospace' }}
                data-testid="template-body"
              />
            </Form.Item>
          </Form>
        </Col>
        <Col xs={24} xxl={12}>
          <Preview kind={kind} title={title} body={body} />
        </Col>
      </Row>
      {current && (
        <SaveModal
          open={saveOpen}
          kind={kind}
          draft={{ title, body }}
          baseVersion={current.version}
          onClose={() => setSaveOpen(false)}
          onSaved={async () => {
            setSaveOpen(false);
            message.success(`${def.label}已保存为新版本，之后发出的通知使用新版本`);
            await Promise.all([detail.reload(), onSaved()]);
          }}
          onConflict={async () => {
            setSaveOpen(false);
            message.warning(VERSION_CONFLICT_TEXT);
            await Promise.all([detail.reload(), onSaved()]);
          }}
        />
      )}
      {current && (
        <HistoryDrawer
          open={historyOpen}
          kind={kind}
          currentVersion={current.version}
          onClose={() => setHistoryOpen(false)}
          onRestored={async () => {
            await Promise.all([detail.reload(), onSaved()]);
          }}
        />
      )}
    </Card>
  );
}

function Palette({ placeholders, onInsert }: { placeholders: PlaceholderDef[]; onInsert: (text: string) => void }) {
  const tip = (d: PlaceholderDef) => (
    <span>
      {d.description}
      {typeof d.sample === 'string' && d.sample && <div>样例：{d.sample}</div>}
    </span>
  );
  return (
    <div data-testid="template-palette">
      <Typography.Text type="secondary">点击插入占位符：</Typography.Text>
      <Space size={[4, 4]} wrap>
        {placeholders.map((d) =>
          d.type === 'list' ? (
            <Space key={d.name} size={4} wrap>
              <Tooltip title={tip(d)}>
                <Tag
                  color="purple"
                  style={{ cursor: 'pointer' }}
                  onClick={() => onInsert(`{{#each ${d.name}}}\n\n{{/each}}`)}
                >
                  {`{{#each ${d.name}}}`}
                </Tag>
              </Tooltip>
              {(d.fields ?? []).map((f) => (
                <Tooltip key={f.name} title={<span>列表中每一项的{f.description}（仅在 each 内使用）</span>}>
                  <Tag color="purple" style={{ cursor: 'pointer' }} onClick={() => onInsert(`{{${f.name}}}`)}>
                    {`{{${f.name}}}`}
                  </Tag>
                </Tooltip>
              ))}
            </Space>
          ) : (
            <Tooltip key={d.name} title={tip(d)}>
              <Tag color="blue" style={{ cursor: 'pointer' }} onClick={() => onInsert(`{{${d.name}}}`)}>
                {`{{${d.name}}}`}
              </Tag>
            </Tooltip>
          ),
        )}
      </Space>
    </div>
  );
}

function Preview({ kind, title, body }: { kind: TTemplateKind; title: string; body: string }) {
  const { me } = useAuth();
  const mayUsePartners = hasRole(me, 'BUSINESS_ADMIN');
  const [projectId, setProjectId] = useState<number>();
  const [userId, setUserId] = useState<number>();
  const [result, setResult] = useState<TTemplatePreview>();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [failure, setFailure] = useState<string>();
  const projects = useRequest(() => get<TPage<TProject>>('/api/projects', { pageSize: 200 }), [], {
    skip: !mayUsePartners,
  });
  const partners = useRequest(
    () => get<TPreviewPartners>('/api/template-preview/partners', { projectId }),
    [projectId],
    { skip: !projectId },
  );

  useEffect(() => {
    if (!body.trim()) {
      setResult(undefined);
      setProblems([{ message: '请填写模板内容' }]);
      return;
    }
    let stale = false;
    const timer = setTimeout(async () => {
      try {
        const r = await post<TTemplatePreview>(`/api/templates/${kind}/preview`, {
          title,
          body,
          ...(projectId && userId ? { projectId, userId } : {}),
        });
        if (stale) return;
        setResult(r);
        setProblems([]);
        setFailure(undefined);
      } catch (err) {
        if (stale) return;
        if (err instanceof ApiError && err.code === 'VALIDATION_FAILED' && Array.isArray(err.details)) {
          setProblems(err.details as Problem[]);
          setFailure(undefined);
        } else setFailure(errorMessage(err));
        setResult(undefined);
      }
    }, 300);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [kind, title, body, projectId, userId]);

  return (
    <div data-testid="template-preview">
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text strong>预览</Typography.Text>
        {mayUsePartners ? (
          <>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="样例数据（选择项目以用合伙人的数据）"
              style={{ width: 240 }}
              value={projectId}
              loading={projects.loading}
              options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              onChange={(v) => {
                setProjectId(v);
                setUserId(undefined);
              }}
              data-testid="preview-project"
            />
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              placeholder="合伙人"
              style={{ width: 160 }}
              disabled={!projectId}
              value={userId}
              loading={partners.loading}
              options={(partners.data?.items ?? []).map((p) => ({
                value: p.userId,
                label: p.jobNumber ? `${p.name}（${p.jobNumber}）` : p.name,
              }))}
              onChange={setUserId}
              data-testid="preview-partner"
            />
          </>
        ) : (
          <Typography.Text type="secondary">使用样例数据（合伙人数据仅业务管理员可用于预览）</Typography.Text>
        )}
      </Space>
      {failure && <Alert type="error" showIcon message={failure} />}
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          message="模板有误，无法保存"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }} data-testid="template-problems">
              {problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          }
        />
      )}
      {result && (
        <Card size="small" type="inner" title={result.title || undefined} data-testid="template-preview-text">
          {result.partnerName && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
              合伙人：{result.partnerName}
              {result.sampled.length > 0 && `；无该合伙人数据、使用样例的占位符：${result.sampled.join('、')}`}
            </Typography.Paragraph>
          )}
          <pre style={{ whiteSpace: 'pre-wrap', margin: 0, fontFamily: 'inherit' }}>{result.text}</pre>
        </Card>
      )}
    </div>
  );
}

function SaveModal(props: {
  open: boolean;
  kind: TTemplateKind;
  draft: { title: string; body: string };
  baseVersion: number;
  onClose: () => void;
  onSaved: () => Promise<void>;
  onConflict: () => Promise<void>;
}) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (props.open) {
      setNote('');
      setError(undefined);
    }
  }, [props.open]);
  const save = async () => {
    if (!note.trim()) return setError('请填写修改说明');
    setBusy(true);
    try {
      await put(`/api/templates/${props.kind}`, { ...props.draft, note, baseVersion: props.baseVersion });
      await props.onSaved();
    } catch (err) {
      if (isVersionConflict(err)) await props.onConflict();
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="保存为新版本"
      open={props.open}
      onCancel={props.onClose}
      onOk={save}
      okText="保存"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label="修改说明" required validateStatus={error ? 'error' : undefined} help={error}>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            autoSize={{ minRows: 2 }}
            placeholder="例如：写明合伙人姓名与大写金额"
            data-testid="template-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function HistoryDrawer(props: {
  open: boolean;
  kind: TTemplateKind;
  currentVersion: number;
  onClose: () => void;
  onRestored: () => Promise<void>;
}) {
  const { message, modal } = App.useApp();
  const versions = useRequest(
    () => get<{ items: TTemplateVersion[] }>(`/api/templates/${props.kind}/versions`),
    [props.kind, props.currentVersion],
    { skip: !props.open },
  );
  const items = useMemo(() => versions.data?.items ?? [], [versions.data]);
  const restore = (v: TTemplateVersion) =>
    modal.confirm({
      title: `把第 ${v.version} 版恢复为新版本？`,
      content: `将以第 ${v.version} 版的内容保存为第 ${props.currentVersion + 1} 版，之后发出的通知使用它。`,
      okText: '恢复',
      onOk: async () => {
        try {
          await post(`/api/templates/${props.kind}/versions/${v.version}/restore`, {
            baseVersion: props.currentVersion,
          });
          message.success(`已恢复为第 ${props.currentVersion + 1} 版`);
          await props.onRestored();
        } catch (err) {
          message.error(isVersionConflict(err) ? VERSION_CONFLICT_TEXT : errorMessage(err));
          await props.onRestored();
        }
      },
    });
  return (
    <Drawer title="版本历史" width={720} open={props.open} onClose={props.onClose} data-testid="template-history">
      {versions.error ? (
        <LoadError error={versions.error} what="版本历史" onRetry={versions.reload} />
      ) : !items.length ? (
        <Empty description={versions.loading ? '正在加载…' : '没有版本'} />
      ) : (
        items.map((v, i) => {
          const prev = items[i + 1];
          return (
            <Card
              key={v.id}
              size="small"
              style={{ marginBottom: 12 }}
              data-testid={`template-version-${v.version}`}
              title={
                <Space wrap>
                  <Tag color={v.version === props.currentVersion ? 'blue' : undefined}>第 {v.version} 版</Tag>
                  <span>{v.createdByName ?? '—'}</span>
                  <Typography.Text type="secondary">{formatDateTime(v.createdAt)}</Typography.Text>
                </Space>
              }
              extra={
                v.version !== props.currentVersion && (
                  <Button size="small" icon={<RollbackOutlined />} onClick={() => restore(v)}>
                    恢复为新版本
                  </Button>
                )
              }
            >
              <Typography.Paragraph style={{ marginTop: 0 }}>
                修改说明：{v.note}
                {v.restoredFrom !== null &&
                  !v.note.includes(`第 ${v.restoredFrom} 版`) &&
                  `（恢复自第 ${v.restoredFrom} 版）`}
              </Typography.Paragraph>
              {prev ? <Diff before={prev} after={v} /> : <Typography.Text type="secondary">首个版本</Typography.Text>}
            </Card>
          );
        })
      )}
    </Drawer>
  );
}

/** The lines removed (red, −) and added (green, +) against the version before; unchanged lines in grey. */
function Diff({ before, after }: { before: TTemplateVersion; after: TTemplateVersion }) {
  const lines = diffLines(`标题：${before.title}\n${before.body}`, `标题：${after.title}\n${after.body}`);
  return (
    <pre
      style={{ margin: 0, whiteSpace: 'pre-wrap', fontSize: 12, background: '#fafafa', padding: 8 }}
      data-testid="template-diff"
    >
      {lines.map((l, i) => (
        <div
          key={i}
          className={`diff-${l.op}`}
          style={{
            background: l.op === 'add' ? '#f6ffed' : l.op === 'del' ? '#fff1f0' : undefined,
            color: l.op === 'add' ? '#237804' : l.op === 'del' ? '#a8071a' : '#8c8c8c',
          }}
        >
          {l.op === 'add' ? '+ ' : l.op === 'del' ? '− ' : '  '}
          {l.text || ' '}
        </div>
      ))}
    </pre>
  );
}
