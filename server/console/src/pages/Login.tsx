import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { ZPasswordLogin, type TLoginResult } from '../../../../shared/api/identity';
import { useAuth } from '../auth';
import { ApiError, post } from '../lib/api';
import { applyApiErrors, parseWith, zodRule } from '../lib/forms';

interface LoginValues {
  username: string;
  password: string;
}

export function LoginPage() {
  const { signIn, dingtalkError } = useAuth();
  const [form] = Form.useForm<LoginValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    const body = parseWith(form, ZPasswordLogin, values);
    if (!body) return;
    setBusy(true);
    try {
      signIn(await post<TLoginResult>('/api/auth/password', body));
    } catch (err) {
      if (!applyApiErrors(form, err, ['username', 'password']))
        setError(err instanceof ApiError ? err.message : '登录失败，请稍后重试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-bg">
      <div>
        <div className="login-brand">
          <span className="app-brand-mark" style={{ width: 44, height: 44, fontSize: 22 }}>
            合
          </span>
          <h1>事业合伙（项目跟投）管理系统</h1>
          <p>管理后台</p>
        </div>
        <Card className="login-card">
          {dingtalkError && (
            <Alert
              type="warning"
              showIcon
              title={dingtalkError}
              description="可使用账号密码登录。"
              style={{ marginBottom: 16 }}
            />
          )}
          {error && (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
          )}
          <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} size="large">
            <Form.Item name="username" label="用户名" rules={[zodRule(ZPasswordLogin, 'username')]}>
              <Input prefix={<UserOutlined />} placeholder="请输入用户名" autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label="密码" rules={[zodRule(ZPasswordLogin, 'password')]}>
              <Input.Password prefix={<LockOutlined />} placeholder="请输入密码" autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              登 录
            </Button>
          </Form>
        </Card>
        <div className="login-foot">在钉钉工作台或管理后台中打开时将自动登录</div>
      </div>
    </div>
  );
}
