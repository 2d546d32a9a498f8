/** 钉钉设置: the app's credentials (secrets masked, only changed ones sent), callback settings, group robots with 测试, 审批模板. */
import { ApiOutlined, EditOutlined, PlusOutlined, RobotOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Space,
  Switch,
  Table,
  Tag,
  TreeSelect,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../../../shared/datetime';
import { LoadError } from '../components/table';
import { ApiError, errorMessage, get, patch, post, put } from '../lib/api';
import { applyApiErrors, isVersionConflict, VERSION_CONFLICT_TEXT } from '../lib/forms';
import type { TDingtalkSettings, TRobot, TTestResult } from '../../../../shared/api/dingtalk';
import { DINGTALK_API } from '../lib/dingtalk-api';
import { useRequest } from '../lib/useRequest';
import { SetupWarningList } from '../components/SetupWarnings';
import type { TSetupWarnings } from '../../../../shared/api/setup-warnings';
import { unitOptions, useWorkspace, type Workspace } from '../workspace';
import { ApprovalTemplatesCard } from './ApprovalTemplates';

const notLanded = (err: unknown) => err instanceof ApiError && err.status === 404;

export function DingtalkPage() {
  // every 测试 and save may change what the setup warnings say
  const warnings = useRequest(() => get<TSetupWarnings>('/api/admin/setup-warnings'), []);
  const changed = () => void warnings.reload();
  return (
    <div>
      <SetupWarningList warnings={warnings.data?.warnings ?? []} links={false} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        在钉钉开放平台创建企业内部应用后，把 CorpId、AppKey、AppSecret、AgentId 填入下方；PC
        管理后台地址填写本后台地址并带上
        <Typography.Text code>?corpId=$CORPID$</Typography.Text>，即可在钉钉中免登打开。
      </Typography.Paragraph>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <SettingsCard onChanged={changed} />
        </Col>
        <Col xs={24} xl={12}>
          <RobotsCard onChanged={changed} />
        </Col>
      </Row>
      <ApprovalTemplatesCard />
    </div>
  );
}

const SETTINGS_FIELDS = [
  'corpId',
  'appKey',
  'appSecret',
  'agentId',
  'miniAppId',
  'callbackToken',
  'callbackAesKey',
  'callbackMode',
];

interface SettingsValues {
  corpId?: string;
  appKey?: string;
  appSecret?: string;
  agentId?: string;
  miniAppId?: string;
  callbackToken?: string;
  callbackAesKey?: string;
  callbackMode?: 'http' | 'stream';
}

function SettingsCard({ onChanged }: { onChanged: () => void }) {
  const { message } = App.useApp();
  const settings = useRequest(() => get<TDingtalkSettings>(DINGTALK_API.settings), []);
  const [form] = Form.useForm<SettingsValues>();
  const [busy, setBusy] = useState(false);
  const [testing, setTesting] = useState(false);
  const [testResult, setTestResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const s = settings.data;

  useEffect(() => {
    if (!s) return;
    form.setFieldsValue({
      corpId: s.corpId,
      appKey: s.appKey,
      agentId: s.agentId,
      miniAppId: s.miniAppId ?? undefined,
      callbackToken: undefined,
      callbackMode: s.callbackMode ?? 'http',
      appSecret: undefined,
      callbackAesKey: undefined,
    });
  }, [s, form]);

  const save = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: Record<string, unknown> = {
      version: s?.version ?? 0,
      corpId: v.corpId?.trim(),
      appKey: v.appKey?.trim(),
      agentId: v.agentId?.trim(),
      miniAppId: v.miniAppId?.trim() || null,
      callbackMode: v.callbackMode ?? 'http',
    };
    // secrets are sent only when typed: an empty box keeps the stored value
    if (v.appSecret?.trim()) body.appSecret = v.appSecret.trim();
    if (v.callbackAesKey?.trim()) body.callbackAesKey = v.callbackAesKey.trim();
    if (v.callbackToken?.trim()) body.callbackToken = v.callbackToken.trim();
    setBusy(true);
    try {
      await put(DINGTALK_API.settings, body);
      message.success('钉钉设置已保存');
      await settings.reload();
      onChanged();
    } catch (err) {
      if (isVersionConflict(err)) {
        setError(VERSION_CONFLICT_TEXT);
        await settings.reload();
      } else if (!applyApiErrors(form, err, SETTINGS_FIELDS)) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const testToken = async () => {
    setTesting(true);
    setTestResult(null);
    try {
      const r = await post<TTestResult>(DINGTALK_API.testToken);
      setTestResult(
        r.ok === false
          ? { ok: false, text: `${r.message ?? '获取失败'}${r.code ? `（${r.code}）` : ''}` }
          : {
              ok: true,
              text: r.expiresIn
                ? `已成功获取 access_token，有效期 ${Math.round(r.expiresIn / 60)} 分钟`
                : (r.message ?? '已成功获取 access_token'),
            },
      );
    } catch (err) {
      setTestResult({ ok: false, text: errorMessage(err) });
    } finally {
      setTesting(false);
      onChanged();
      void settings.reload();
    }
  };

  const secretExtra = (masked: string | null | undefined) =>
    masked ? `已设置（${masked}），留空则保持不变` : '尚未设置';

  return (
    <Card
      title={
        <Space>
          <ApiOutlined />
          应用凭证与回调
        </Space>
      }
      size="small"
      style={{ marginBottom: 16 }}
      extra={
        <Space>
          <Button
            size="small"
            icon={<SendOutlined />}
            loading={testing}
            onClick={() => void testToken()}
            data-testid="dingtalk-test-token"
          >
            测试
          </Button>
          <Button size="small" type="primary" icon={<SaveOutlined />} loading={busy} onClick={() => void save()}>
            保存
          </Button>
        </Space>
      }
    >
      {settings.error !== undefined && notLanded(settings.error) ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="钉钉设置接口尚未上线，当前使用服务器环境变量中的配置。"
        />
      ) : (
        <LoadError error={settings.error} what="钉钉设置" onRetry={settings.reload} />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {testResult && (
        <Alert
          type={testResult.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => setTestResult(null) }}
          title={testResult.ok ? '连接正常' : '连接失败'}
          description={testResult.text}
          style={{ marginBottom: 12 }}
          data-testid="dingtalk-test-result"
        />
      )}
      {!testResult && settings.data && (
        <Typography.Paragraph type="secondary" data-testid="dingtalk-last-test" style={{ marginTop: 0 }}>
          {settings.data.lastTest
            ? `上次测试：${formatDateTime(settings.data.lastTest.testedAt)} ${settings.data.lastTest.ok ? '成功' : `失败（${settings.data.lastTest.code ? `${settings.data.lastTest.code} ` : ''}${settings.data.lastTest.message}）`}`
            : '尚未测试：保存设置后请点击「测试」确认能连通钉钉'}
        </Typography.Paragraph>
      )}
      <Form<SettingsValues>
        form={form}
        layout="vertical"
        disabled={settings.loading}
        initialValues={{ callbackMode: 'http' }}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item
              name="corpId"
              label="CorpId"
              required
              rules={[{ required: true, whitespace: true, message: '请输入 CorpId' }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="agentId"
              label="AgentId"
              required
              rules={[
                { required: true, whitespace: true, message: '请输入 AgentId' },
                { pattern: /^\d+$/, message: 'AgentId 为数字' },
              ]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="appKey"
              label="AppKey"
              required
              rules={[{ required: true, whitespace: true, message: '请输入 AppKey' }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="appSecret" label="AppSecret" extra={secretExtra(s?.appSecret)}>
              <Input.Password
                autoComplete="new-password"
                placeholder={s?.appSecret ? '••••••（不修改请留空）' : '请输入 AppSecret'}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="miniAppId" label="小程序 AppId">
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="callbackMode" label="事件订阅方式">
              <Radio.Group
                options={[
                  { value: 'http', label: 'HTTP 回调' },
                  { value: 'stream', label: 'Stream 长连接' },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="callbackToken" label="回调 Token" extra={secretExtra(s?.callbackToken)}>
              <Input.Password
                autoComplete="new-password"
                placeholder={s?.callbackToken ? '••••••（不修改请留空）' : '3–32 位字母或数字'}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="callbackAesKey"
              label="回调 AES Key"
              extra={secretExtra(s?.callbackAesKey)}
              rules={[{ len: 43, message: 'AES Key 为 43 位' }]}
            >
              <Input.Password
                autoComplete="new-password"
                placeholder={s?.callbackAesKey ? '••••••（不修改请留空）' : '43 位'}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {s && (
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'src',
              label: '当前生效',
              children: s.source === 'database' ? '本页保存的设置' : '服务器环境变量（首次保存后改为本页设置）',
            },
            ...(s.effectiveOapiBaseUrl
              ? [
                  {
                    key: 'oapi',
                    label: '钉钉接口地址',
                    children: <Typography.Text code>{s.effectiveOapiBaseUrl}</Typography.Text>,
                  },
                ]
              : []),
            ...(s.callbackUrl
              ? [
                  {
                    key: 'cb',
                    label: '回调地址',
                    children: <Typography.Text copyable>{s.callbackUrl}</Typography.Text>,
                  },
                ]
              : []),
            ...(s.updatedAt ? [{ key: 'u', label: '最后修改', children: formatDateTime(s.updatedAt) }] : []),
          ]}
        />
      )}
    </Card>
  );
}

interface RobotValues {
  name?: string;
  orgUnitId?: number | null;
  accessToken?: string;
  secret?: string;
  active?: boolean;
}

function findUnitName(tree: Workspace['tree'], id: number): string | null {
  for (const n of tree) {
    if (n.id === id) return n.name;
    const inner = findUnitName(n.children, id);
    if (inner) return inner;
  }
  return null;
}

function RobotsCard({ onChanged }: { onChanged: () => void }) {
  const { message } = App.useApp();
  const { tree } = useWorkspace();
  const unitName = (id: number) => findUnitName(tree, id) ?? `#${id}`;
  const robots = useRequest(() => get<TRobot[] | { items: TRobot[] }>(DINGTALK_API.robots), []);
  const items = Array.isArray(robots.data) ? robots.data : (robots.data?.items ?? []);
  const [editing, setEditing] = useState<TRobot | 'new' | null>(null);
  const [testing, setTesting] = useState<number | null>(null);

  const test = async (r: TRobot) => {
    setTesting(r.id);
    try {
      const res = await post<TTestResult>(DINGTALK_API.robotTest(r.id));
      if (res.ok === false)
        message.error(`「${r.name}」测试失败：${res.message ?? ''}${res.code ? `（${res.code}）` : ''}`);
      else message.success(`已向「${r.name}」所在群发送测试消息`);
    } catch (err) {
      message.error(`「${r.name}」测试失败：${errorMessage(err)}`);
    } finally {
      setTesting(null);
      onChanged();
    }
  };

  return (
    <Card
      title={
        <Space>
          <RobotOutlined />
          群机器人
        </Space>
      }
      size="small"
      extra={
        <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          添加机器人
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        流程完成（BPM 回调）后，系统通过项目所在公司的自定义机器人向群里发送消息；未配置的公司使用默认机器人。
      </Typography.Paragraph>
      {robots.error !== undefined && notLanded(robots.error) ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="机器人接口尚未上线。" />
      ) : (
        <LoadError error={robots.error} what="机器人" onRetry={robots.reload} />
      )}
      <Table<TRobot>
        rowKey="id"
        size="small"
        loading={robots.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: '还没有机器人' }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          {
            title: '服务的群',
            key: 'org',
            render: (_v, r) => (r.orgUnitId === null ? <span className="muted">默认</span> : unitName(r.orgUnitId)),
          },
          {
            title: '加签',
            key: 'sec',
            width: 70,
            render: (_v, r) => (r.signed ? <Tag color="green">已加签</Tag> : <Tag>未加签</Tag>),
          },
          {
            title: '状态',
            dataIndex: 'active',
            width: 70,
            render: (v: boolean) => (v ? <Tag color="green">启用</Tag> : <Tag>停用</Tag>),
          },
          {
            title: '操作',
            key: 'a',
            width: 150,
            render: (_v, r) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<SendOutlined />}
                  loading={testing === r.id}
                  onClick={() => void test(r)}
                >
                  测试
                </Button>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(r)}>
                  修改
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <RobotModal
          robot={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await robots.reload();
            onChanged();
          }}
        />
      )}
    </Card>
  );
}

function RobotModal({
  robot,
  onClose,
  onSaved,
}: {
  robot: TRobot | null;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { tree } = useWorkspace();
  const [form] = Form.useForm<RobotValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body: Record<string, unknown> = {
      name: v.name?.trim(),
      orgUnitId: v.orgUnitId ?? null,
      active: v.active ?? true,
    };
    if (v.accessToken?.trim()) body.accessToken = extractToken(v.accessToken.trim());
    if (v.secret?.trim()) body.secret = v.secret.trim();
    setBusy(true);
    try {
      if (robot) await patch(DINGTALK_API.robot(robot.id), { ...body, version: robot.version });
      else await post(DINGTALK_API.robots, body);
      await onSaved();
    } catch (err) {
      if (isVersionConflict(err)) setError(VERSION_CONFLICT_TEXT);
      else if (!applyApiErrors(form, err, ['name', 'orgUnitId', 'accessToken', 'secret', 'active']))
        setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={robot ? `修改机器人 · ${robot.name}` : '添加机器人'}
      okText="保存"
      cancelText="取消"
      onOk={() => void submit()}
      confirmLoading={busy}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<RobotValues>
        form={form}
        layout="vertical"
        initialValues={
          robot ? { name: robot.name, orgUnitId: robot.orgUnitId, active: robot.active } : { active: true }
        }
      >
        <Form.Item
          name="name"
          label="名称"
          required
          rules={[
            { required: true, whitespace: true, message: '请输入名称' },
            { max: 50, message: '最多 50 个字' },
          ]}
        >
          <Input placeholder="如：环沪城市公司跟投群" />
        </Form.Item>
        <Form.Item name="orgUnitId" label="服务的公司" extra="留空表示默认机器人">
          <TreeSelect allowClear treeData={unitOptions(tree)} treeDefaultExpandAll />
        </Form.Item>
        <Form.Item
          name="accessToken"
          label="Webhook 地址或 access_token"
          required={!robot}
          rules={robot ? [] : [{ required: true, whitespace: true, message: '请粘贴机器人的 Webhook 地址' }]}
          extra={
            robot?.accessToken
              ? `已设置（${robot.accessToken}），留空则保持不变`
              : '在群设置 → 机器人 → 自定义机器人中复制'
          }
        >
          <Input.Password
            autoComplete="new-password"
            placeholder="https://oapi.dingtalk.com/robot/send?access_token=…"
          />
        </Form.Item>
        <Form.Item
          name="secret"
          label="加签密钥（SEC 开头）"
          rules={[{ pattern: /^(SEC\w+)?$/, message: '加签密钥以 SEC 开头' }]}
          extra={robot?.signed ? '已设置，留空则保持不变' : undefined}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="active" label="启用" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Accepts the whole webhook URL as DingTalk shows it, or just the token. */
function extractToken(v: string): string {
  const m = /[?&]access_token=([^&]+)/.exec(v);
  return m?.[1] ?? v;
}
