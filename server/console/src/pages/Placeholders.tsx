/** Modules whose APIs arrive with later issues: a clear empty state saying what will be here. */
import { DownloadOutlined, FileExcelOutlined, TeamOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { Button, Empty, List, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';

function Pending({
  icon,
  title,
  lines,
  children,
}: {
  icon: ReactNode;
  title: string;
  lines: string[];
  children?: ReactNode;
}) {
  return (
    <div>
      {children}
      <Empty
        style={{ padding: '40px 0' }}
        image={<span style={{ fontSize: 56, color: '#d9d9d9' }}>{icon}</span>}
        description={
          <div>
            <Typography.Title level={5} style={{ margin: '8px 0' }}>
              {title}
            </Typography.Title>
            {lines.map((l) => (
              <Typography.Paragraph key={l} type="secondary" style={{ margin: 0 }}>
                {l}
              </Typography.Paragraph>
            ))}
          </div>
        }
      />
    </div>
  );
}

export function ShareholdersPage() {
  return (
    <Pending
      icon={<TeamOutlined />}
      title="外部股东（小股东）登记尚未开放"
      lines={[
        '城市公司在此登记项目的外部股东及其持股比例，提交业务管理员审核；',
        '审核通过后可为外部股东建立分配批次。该功能将在小股东业务上线后提供。',
      ]}
    >
      <Table
        size="middle"
        pagination={false}
        locale={{ emptyText: ' ' }}
        dataSource={[]}
        columns={['项目', '股东名称', '证件号', '持股比例', '状态', '操作'].map((t) => ({ title: t, key: t }))}
      />
    </Pending>
  );
}

export function MustInvestPage() {
  return (
    <Pending
      icon={<UserSwitchOutlined />}
      title="强投名单尚未配置"
      lines={[
        '强投名单规定哪些岗位（如项目总经理、城市公司班子成员）必须跟投，',
        '认购测算时强投人员优先按其认购额分配。名单维护将在认购测算功能上线时提供。',
      ]}
    >
      <Table
        size="middle"
        pagination={false}
        locale={{ emptyText: ' ' }}
        dataSource={[]}
        columns={['组织', '岗位 / 人员', '认购下限', '认购上限', '生效日期'].map((t) => ({
          title: t,
          key: t,
          align: t.startsWith('认购') ? ('right' as const) : undefined,
        }))}
      />
    </Pending>
  );
}

const EXPORTS = [
  { key: 'detail', name: '事业合伙明细大表', desc: '所有项目、合伙人的认购、缴款、分配明细' },
  { key: 'payments', name: '缴款信息', desc: '按项目汇总的缴款通知与确认情况' },
  { key: 'kpi', name: '所有项目盈利KPI指标', desc: '立项与动态盈利指标对比' },
];

export function ToolsPage() {
  return (
    <div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        数据导出为 Excel，导出内容以当前账号可见的项目为准。
      </Typography.Paragraph>
      <List
        bordered
        dataSource={EXPORTS}
        renderItem={(e) => (
          <List.Item
            actions={[
              <Tooltip key="d" title="随认购、缴款和分配业务上线后开放">
                <Button icon={<DownloadOutlined />} disabled>
                  导出
                </Button>
              </Tooltip>,
            ]}
          >
            <List.Item.Meta
              avatar={<FileExcelOutlined style={{ fontSize: 24, color: '#389e0d' }} />}
              title={
                <Space>
                  {e.name}
                  <Tag>即将提供</Tag>
                </Space>
              }
              description={e.desc}
            />
          </List.Item>
        )}
      />
    </div>
  );
}
