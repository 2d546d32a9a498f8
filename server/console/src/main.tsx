import './zod-setup'; // first: before any schema is built
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { Root } from './Root';
import './styles.css';

dayjs.locale('zh-cn');
// the same Chinese messages as the API for the shared schemas' built-in checks
z.config(z.locales.zhCN());

const container = document.getElementById('root');
if (container) {
  createRoot(container).render(
    <StrictMode>
      <ConfigProvider
        locale={zhCN}
        theme={{
          token: {
            colorPrimary: '#b8242a',
            borderRadius: 6,
            fontFamily:
              '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Helvetica Neue", Arial, sans-serif',
          },
          components: {
            Layout: { headerBg: '#ffffff', siderBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px' },
          },
        }}
      >
        <AntApp>
          <Root />
        </AntApp>
      </ConfigProvider>
    </StrictMode>,
  );
}
