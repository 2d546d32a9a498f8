import { Alert, Button, Card, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { ZChangePassword, type TLoginResult } from '../../../../shared/api/identity';
import { useAuth } from '../auth';
import { post, session, errorMessage } from '../lib/api';
import { applyApiErrors, parseWith, zodRule } from '../lib/forms';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

/** Forced on first login with an initial password; also reachable from the user menu. */
export function ChangePasswordPage({ forced, onDone }: { forced?: boolean; onDone?: () => void }) {
  const { signIn, signOut, me } = useAuth();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const body = parseWith(form, ZChangePassword, { oldPassword: values.oldPassword, newPassword: values.newPassword });
    if (!body) return;
    setBusy(true);
    try {
      const result = await post<TLoginResult>('/api/auth/change-password', body);
      session.set(result.token);
      signIn(result);
      onDone?.();
    } catch (err) {
      if (!applyApiErrors(form, err, ['oldPassword', 'newPassword'])) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const card = (
    <Card
      title={forced ? '首次登录，请修改初始密码' : '修改密码'}
      className="login-card"
      style={forced ? undefined : { width: '100%', maxWidth: 440 }}
    >
      {forced && (
        <Alert
          type="info"
          showIcon
          title={`${me?.name ?? ''}，为了账号安全，请先设置新密码再继续使用。`}
          style={{ marginBottom: 16 }}
        />
      )}
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="oldPassword" label="原密码" rules={[zodRule(ZChangePassword, 'oldPassword')]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          extra="8–64 位，同时包含字母和数字"
          rules={[zodRule(ZChangePassword, 'newPassword')]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label="确认新密码"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: async (_r, v: unknown) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            确认修改
          </Button>
          {forced && <Button onClick={() => void signOut()}>退出登录</Button>}
        </Space>
      </Form>
    </Card>
  );
  return forced ? <div className="login-bg">{card}</div> : card;
}
