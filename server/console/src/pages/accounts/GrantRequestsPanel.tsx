/**
 * 待批准授权: money roles (业务管理员, 经营会计) and project grants the system admin asked for. A business admin who
 * is neither the requester nor the person concerned approves (the rights apply) or refuses with a reason; the system
 * admin sees what waits. Each decision is in 系统日志 with the rights before and after.
 */
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { TGrantDecided, TGrantRequest } from '../../../../../shared/api/duties';
import { GRANT_REQUEST_STATUS_LABEL, type TGrantRequestStatus } from '../../../../../shared/api/labels';
import { formatDateTime } from '../../../../../shared/datetime';
import { useAuth } from '../../auth';
import { LoadError } from '../../components/table';
import { hasRole } from '../../lib/access';
import { errorMessage, get, post } from '../../lib/api';
import { useRequest } from '../../lib/useRequest';

const STATUS_COLOR: Record<TGrantRequestStatus, string> = { PENDING: 'orange', APPROVED: 'green', REFUSED: 'red' };

export function GrantRequestsPanel() {
  const { me } = useAuth();
  const { modal, message } = App.useApp();
  const [status, setStatus] = useState<TGrantRequestStatus>('PENDING');
  const list = useRequest(() => get<TGrantRequest[]>('/api/grant-requests', { status }), [status]);
  const decides = hasRole(me, 'BUSINESS_ADMIN');

  const approve = async (r: TGrantRequest) => {
    try {
      const out = await post<TGrantDecided>(`/api/grant-requests/${r.id}/approve`, { version: r.version });
      message.success(`已批准：${r.user.name} · ${r.role.name}${r.project ? ` · ${r.project.name}` : ''}`);
      if (out.initialPassword)
        modal.success({
          title: `${r.user.name} 的新初始密码`,
          content: (
            <div>
              <Typography.Paragraph
                copyable={{ text: out.initialPassword }}
                style={{ fontSize: 18, fontFamily: 'monospace', margin: '12px 0' }}
                data-testid="grant-initial-password"
              >
                {out.initialPassword}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                首次获得资金相关角色时原密码作废（创建账号的系统管理员知道它）。请通过安全的方式告知本人，首次登录须修改密码，此密码不会再次显示。
              </Typography.Text>
            </div>
          ),
          okText: '我已记下',
        });
      await list.reload();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const refuse = (r: TGrantRequest) => {
    let reason = '';
    modal.confirm({
      title: `拒绝授予 ${r.user.name}「${r.role.name}」${r.project ? `（${r.project.name}）` : ''}？`,
      content: (
        <Input.TextArea
          autoFocus
          maxLength={500}
          placeholder="拒绝原因（必填，申请人可在系统日志中看到）"
          onChange={(e) => (reason = e.target.value)}
          data-testid="refuse-reason"
        />
      ),
      okText: '拒绝',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        if (!reason.trim()) {
          message.error('请填写拒绝原因');
          throw new Error('reason');
        }
        try {
          await post(`/api/grant-requests/${r.id}/refuse`, { version: r.version, reason: reason.trim() });
          message.success('已拒绝');
          await list.reload();
        } catch (err) {
          message.error(errorMessage(err));
          throw err;
        }
      },
    });
  };

  const columns: ColumnsType<TGrantRequest> = [
    {
      title: '申请时间',
      key: 'at',
      width: 160,
      render: (_v, r) => <span className="num">{formatDateTime(r.requestedAt)}</span>,
    },
    { title: '人员', key: 'user', render: (_v, r) => r.user.name },
    {
      title: '权限',
      key: 'what',
      render: (_v, r) => (
        <Space size={4} wrap>
          <Tag color="red" variant="outlined">
            {r.role.name}
          </Tag>
          {r.project ? <span>项目：{r.project.name}</span> : <span className="muted">角色</span>}
        </Space>
      ),
    },
    { title: '申请人', key: 'by', width: 120, render: (_v, r) => r.requestedBy?.name ?? '—' },
    {
      title: '状态',
      key: 'status',
      width: 200,
      render: (_v, r) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLOR[r.status]}>{GRANT_REQUEST_STATUS_LABEL[r.status]}</Tag>
          {r.decidedBy && (
            <span className="muted">
              {r.decidedBy.name} {r.decidedAt ? formatDateTime(r.decidedAt) : ''}
            </span>
          )}
          {r.reason && <span className="muted">原因：{r.reason}</span>}
        </Space>
      ),
    },
    ...(decides && status === 'PENDING'
      ? ([
          {
            title: '操作',
            key: 'a',
            width: 150,
            fixed: 'right',
            render: (_v, r) =>
              r.user.id === me?.id ? (
                <span className="muted">涉及本人，请由另一位业务管理员处理</span>
              ) : (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    icon={<CheckOutlined />}
                    onClick={() => void approve(r)}
                    data-testid={`approve-${r.id}`}
                  >
                    批准
                  </Button>
                  <Button type="link" size="small" danger icon={<CloseOutlined />} onClick={() => refuse(r)}>
                    拒绝
                  </Button>
                </Space>
              ),
          },
        ] as ColumnsType<TGrantRequest>)
      : []),
  ];

  return (
    <div data-testid="grant-requests">
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={
          decides
            ? '系统管理员为用户申请的业务管理员、经营会计角色和项目授权，须由业务管理员（申请人和本人以外）批准后才生效。请核对人员与权限后批准或拒绝。'
            : '业务管理员、经营会计角色和项目授权须由业务管理员批准后才生效；这里是已申请的授权及其处理结果。'
        }
      />
      <div className="toolbar">
        <div className="toolbar-left">
          <Segmented<TGrantRequestStatus>
            value={status}
            onChange={setStatus}
            options={(['PENDING', 'APPROVED', 'REFUSED'] as const).map((s) => ({
              value: s,
              label: GRANT_REQUEST_STATUS_LABEL[s],
            }))}
          />
        </div>
      </div>
      <LoadError error={list.error} what="待批准授权" />
      <Table<TGrantRequest>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data ?? []}
        loading={list.loading}
        pagination={false}
        locale={{ emptyText: status === 'PENDING' ? '没有待批准的授权' : '暂无记录' }}
        scroll={{ x: 900 }}
      />
    </div>
  );
}
