import { Spin } from 'antd';
import { AuthProvider, useAuth } from './auth';
import { ChangePasswordPage } from './pages/ChangePassword';
import { LoginPage } from './pages/Login';
import { Shell } from './Shell';

function Gate() {
  const { status } = useAuth();
  if (status === 'loading')
    return (
      <div className="center-screen">
        <Spin size="large" description="正在加载…" />
      </div>
    );
  if (status === 'anonymous') return <LoginPage />;
  if (status === 'password-change') return <ChangePasswordPage forced />;
  return <Shell />;
}

export function Root() {
  return (
    <AuthProvider>
      <Gate />
    </AuthProvider>
  );
}
